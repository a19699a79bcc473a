def test_health_reports_both_databases_up(client):
    response = client.get("/api/v1/health")
    assert response.status_code == 200
    assert response.get_json() == {
        "status": "ok",
        "databases": {"identity": "up", "forum": "up"},
    }


def test_health_is_503_when_a_database_is_down(make_app, tmp_path):
    unreachable = f"sqlite:///{tmp_path / 'no-such-dir' / 'forum.sqlite3'}"
    app = make_app({"database": {"forum_url": unreachable}}, initialize=False)
    response = app.test_client().get("/api/v1/health")
    assert response.status_code == 503
    assert response.get_json()["databases"] == {"identity": "up", "forum": "down"}
