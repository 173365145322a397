"""Assertions the pipeline's API tests share (positions and candidates)."""


def ids(response) -> list[str]:
    assert response.status_code == 200, response.content
    return [row["id"] for row in response.json()["results"]]


def assert_envelope(response, status_code: int, code: str) -> dict:
    """The one error envelope, with its code, a message and a UTC timestamp."""
    assert response.status_code == status_code, response.content
    error = response.json()["error"]
    assert error["code"] == code
    assert error["message"]
    assert error["timestamp"].endswith("Z")
    return error
