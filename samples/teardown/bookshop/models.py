"""The bookshop's models. A helper module of the across_modules_scoped_session sample."""
from sqlalchemy import Column, Integer, String

from bookshop.database import Base


class Book(Base):
    __tablename__ = "books"
    id = Column(Integer, primary_key=True)
    title = Column(String(120), unique=True)
