"""Settings for shop, loaded with app.config.from_pyfile()."""
SQLALCHEMY_DATABASE_URI = "postgresql://shop@db/shop"
SQLALCHEMY_POOL_SIZE = 10
SQLALCHEMY_NATIVE_UNICODE = False
SQLALCHEMY_COMMIT_ON_TEARDOWN = True
