from __future__ import annotations

from typing import Any


def test_create_topic_answers_in_process(sns: Any) -> None:
    response = sns.create_topic(Name="orders")
    assert response["TopicArn"] == "arn:aws:sns:us-east-1:123456789012:orders"
    metadata = response["ResponseMetadata"]
    assert metadata["HTTPStatusCode"] == 200
    assert metadata["RetryAttempts"] == 0
    assert metadata["HTTPHeaders"]["x-amzn-requestid"] == metadata["RequestId"]


def test_demo_prints_what_each_endpoint_received(capsys: Any) -> None:
    from snsfake.__main__ import main

    assert main(["demo"]) == 0
    out = capsys.readouterr().out
    assert "── sqs arn:aws:sqs:us-east-1:123456789012:billing  (Notification)" in out
    assert '"Type" : "Notification"' in out
    assert "── email ops@example.com  (Notification)" in out
    assert "── sms +15555550100  (Notification)" in out and 'SHOP> {"order": 7, "status": "paid"}' in out
    assert "FilterPolicy: status: 'draft' is not one of ['paid']" in out


def test_unknown_command_prints_usage(capsys: Any) -> None:
    from snsfake.__main__ import main

    assert main(["nope"]) == 2
    assert capsys.readouterr().err.strip() == "usage: python -m snsfake demo"
