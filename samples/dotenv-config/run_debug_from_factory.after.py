import os

from dotenv import load_dotenv
from myshop import create_app

load_dotenv()

app = create_app()

if __name__ == "__main__":
    app.run(debug=os.environ.get("FLASK_DEBUG", "").lower() not in ("", "0", "false", "no"))
