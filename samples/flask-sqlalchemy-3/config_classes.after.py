import os


class Config:
    SQLALCHEMY_DATABASE_URI = os.environ.get("DATABASE_URL", "sqlite:///dev.db")
    SQLALCHEMY_TRACK_MODIFICATIONS = False
    # keep the pool small on the free tier
    SQLALCHEMY_ENGINE_OPTIONS = {"pool_size": 5, "max_overflow": 2}


class DevelopmentConfig(Config):
    DEBUG = True


class ProductionConfig(Config):
    SQLALCHEMY_ENGINE_OPTIONS = {
        **Config.SQLALCHEMY_ENGINE_OPTIONS,
        "pool_size": 20,
        "pool_timeout": 10,
    }


config = {"development": DevelopmentConfig, "production": ProductionConfig}
