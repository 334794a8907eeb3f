from flask import Flask

app = Flask(__name__)
# the key from the Flask documentation, pasted as is
app.secret_key = b'_5#y2L"F4Q8z\n\xec]/'
