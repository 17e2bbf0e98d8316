"""A minimal WSGI application, included in the Writing docs page."""
import os

# --8<-- [start:app]
def app(environ, start_response):
    """Answers every request with a greeting."""
    name = os.environ.get("GREETING_NAME", "world")
    start_response("200 OK", [("Content-Type", "text/plain")])
    return [f"Hello, {name}!".encode()]
# --8<-- [end:app]


if __name__ == "__main__":
    from wsgiref.simple_server import make_server

    make_server("127.0.0.1", 8000, app).serve_forever()
