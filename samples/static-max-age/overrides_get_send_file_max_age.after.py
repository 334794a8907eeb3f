from flask import Flask


class AssetAwareFlask(Flask):
    def get_send_file_max_age(self, filename):
        if filename and filename.endswith(".css"):
            return 60
        return super().get_send_file_max_age(filename)


app = Flask(__name__)
