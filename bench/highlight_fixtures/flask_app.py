"""A small Flask application with a JSON API, in the style of many tutorials."""
from __future__ import annotations

import logging
import os.path
from datetime import datetime, timedelta
from functools import wraps

from flask import Flask, abort, jsonify, request, g
from flask_sqlalchemy import SQLAlchemy
from werkzeug.exceptions import HTTPException, NotFound

app = Flask(__name__)
app.config["SQLALCHEMY_DATABASE_URI"] = os.environ.get("DATABASE_URL", "sqlite:///app.db")
app.config["MAX_CONTENT_LENGTH"] = 16 * 1024 * 1024
db = SQLAlchemy(app)
log = logging.getLogger(__name__)


class Task(db.Model):
    __tablename__ = "tasks"

    id = db.Column(db.Integer, primary_key=True)
    title = db.Column(db.String(200), nullable=False)
    done = db.Column(db.Boolean, default=False)
    created = db.Column(db.DateTime, default=datetime.utcnow)

    def __repr__(self):
        return f"<Task {self.id}: {self.title!r}>"

    def to_dict(self) -> dict:
        return {"id": self.id, "title": self.title, "done": self.done,
                "created": self.created.isoformat()}


def require_token(view):
    @wraps(view)
    def wrapper(*args, **kwargs):
        token = request.headers.get("Authorization", "").removeprefix("Bearer ")
        if not token or token != os.environ.get("API_TOKEN"):
            abort(401)
        return view(*args, **kwargs)
    return wrapper


@app.before_request
def start_timer():
    g.start = datetime.now()


@app.after_request
def log_request(response):
    elapsed = (datetime.now() - g.start) / timedelta(milliseconds=1)
    log.info("%s %s %d in %.1f ms", request.method, request.path, response.status_code, elapsed)
    return response


@app.route("/api/tasks", methods=["GET"])
def list_tasks():
    page = request.args.get("page", 1, type=int)
    query = Task.query.order_by(Task.created.desc())
    if request.args.get("done") in ("1", "true"):
        query = query.filter_by(done=True)
    items = query.paginate(page=page, per_page=20, error_out=False).items
    return jsonify([t.to_dict() for t in items])


@app.route("/api/tasks", methods=["POST"])
@require_token
def create_task():
    data = request.get_json(silent=True) or {}
    title = data.get("title", "").strip()
    if not title or len(title) > 200:
        return jsonify(error="title must be 1 to 200 characters"), 400
    task = Task(title=title)
    db.session.add(task)
    db.session.commit()
    return jsonify(task.to_dict()), 201


@app.route("/api/tasks/<int:task_id>", methods=["PATCH", "DELETE"])
@require_token
def change_task(task_id):
    task = Task.query.get_or_404(task_id)
    if request.method == "DELETE":
        db.session.delete(task)
    else:
        task.done = bool(request.json.get("done", not task.done))
    db.session.commit()
    return "", 204


@app.errorhandler(HTTPException)
def handle_http_error(exc):
    return jsonify(error=exc.description, code=exc.code), exc.code


@app.errorhandler(Exception)
def handle_error(exc):
    if isinstance(exc, NotFound):
        return jsonify(error="not found"), 404
    log.exception("unhandled error")
    return jsonify(error="internal error"), 500


if __name__ == "__main__":
    with app.app_context():
        db.create_all()
    app.run(debug=True, port=int(os.environ.get("PORT", 5000)))
