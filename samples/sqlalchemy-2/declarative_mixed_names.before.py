from sqlalchemy.ext.declarative import AbstractConcreteBase, declarative_base, declared_attr as attr
from sqlalchemy.orm import relationship

Base = declarative_base()


class Timestamped(AbstractConcreteBase, Base):
    @attr
    def created(cls):
        return None


__all__ = ["Base", "Timestamped", "relationship"]
