from .views import shop_bp

__all__ = ["shop_bp"]
