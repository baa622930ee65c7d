from __future__ import annotations

from typing import Any


def test_create_topic_answers_in_process(sns: Any) -> None:
    response = sns.create_topic(Name="orders")
    assert response["TopicArn"] == "arn:aws:sns:us-east-1:123456789012:orders"
    metadata = response["ResponseMetadata"]
    assert metadata["HTTPStatusCode"] == 200
    assert metadata["RetryAttempts"] == 0
    assert metadata["HTTPHeaders"]["x-amzn-requestid"] == metadata["RequestId"]

