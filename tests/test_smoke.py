def test_healthz_answers_ok_when_the_database_answers(client):
    response = client.get("/healthz")
    assert response.status_code == 200
    assert response.json == {"status": "ok"}


def test_a_learner_signs_in_and_sees_the_dashboard(client, make_user, login, catalogue):
    user = make_user(name="Ada Lovelace")
    response = login(user)
    assert response.status_code == 302
    page = client.get("/progress/")
    assert "Hello, Ada Lovelace" in page.text
    assert "Start the questionnaire" in page.text
