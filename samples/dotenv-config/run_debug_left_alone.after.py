from myshop import create_app

app = create_app()

if __name__ == "__main__":
    # the development server: debug=True stays (nothing would set FLASK_DEBUG)
    app.run(debug=True)
