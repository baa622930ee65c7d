"""Response metadata through boto3: the Date header follows a frozen (and moving) clock, and an
error answer carries the same metadata as a success."""

from __future__ import annotations

from typing import Any

import pytest
from aws_errors import call_error
from conftest import ACCOUNT, REGION
from freezegun import freeze_time
from sns_helpers import check_metadata

ARN = f"arn:aws:sns:{REGION}:{ACCOUNT}:orders"


@pytest.mark.parametrize(
    ("moment", "expected"),
    [
        ("2026-01-05 10:00:00.999", "Mon, 05 Jan 2026 10:00:00 GMT"),
        ("2026-01-05 10:00:01", "Mon, 05 Jan 2026 10:00:01 GMT"),
        ("2026-02-05 10:00:01.5", "Thu, 05 Feb 2026 10:00:01 GMT"),  # a month on, same day and time
        ("2027-02-05 10:00:01.5", "Fri, 05 Feb 2027 10:00:01 GMT"),
        ("2026-01-05 10:00:00.001", "Mon, 05 Jan 2026 10:00:00 GMT"),  # back again
    ],
)
def test_the_date_header_is_the_frozen_time(sns: Any, moment: str, expected: str) -> None:
    with freeze_time(moment):
        headers = sns.list_topics()["ResponseMetadata"]["HTTPHeaders"]
    assert headers["date"] == expected


def test_the_date_header_follows_time_moving_within_one_test(sns: Any) -> None:
    dates = []
    with freeze_time("2026-03-01 23:59:59.5") as frozen:
        for step in (0.0, 0.4, 0.2, 86_400.0, -86_400.5, 2_678_400.0):
            frozen.tick(step)
            dates.append(sns.list_topics()["ResponseMetadata"]["HTTPHeaders"]["date"])
    assert dates == [
        "Sun, 01 Mar 2026 23:59:59 GMT",
        "Sun, 01 Mar 2026 23:59:59 GMT",
        "Mon, 02 Mar 2026 00:00:00 GMT",
        "Tue, 03 Mar 2026 00:00:00 GMT",
        "Sun, 01 Mar 2026 23:59:59 GMT",
        "Wed, 01 Apr 2026 23:59:59 GMT",
    ]


def test_error_responses_carry_response_metadata(sns: Any) -> None:
    error = call_error(sns, "GetTopicAttributes", TopicArn=ARN)
    assert set(error.response) == {"Error", "ResponseMetadata"}
    check_metadata(error.response["ResponseMetadata"], 404)
    assert error.response["ResponseMetadata"]["HTTPStatusCode"] == 404
