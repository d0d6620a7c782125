"""For monitoring: whether the server reaches its database (``/suc-khoe``)."""

from flask import Blueprint, g, jsonify

from minutes_gen.errors import InputError
from minutes_gen.office.context import store

pages = Blueprint("health", __name__)


@pages.get("/suc-khoe")
def health():
    """For monitoring: the database answers (200) or not (503)."""
    try:
        store().database.one("SELECT 1 AS ok")
    except InputError:
        g.store_failed = True
        return jsonify(trang_thai="lỗi", co_so_du_lieu="không kết nối được"), 503
    return jsonify(trang_thai="tốt", co_so_du_lieu="kết nối được")
