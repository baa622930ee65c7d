"""Fuzz every SNS operation through boto3: only AWS's own errors may escape.

What may escape a call: ``botocore.exceptions.ParamValidationError`` (botocore
rejected the input before the fake saw it) or a ``ClientError`` with a non-empty
``Error.Code`` and ``Error.Message`` that is not snsfake's own "not supported".
Everything else (KeyError, ValueError, TypeError, AttributeError, IndexError,
json errors, RecursionError, the conftest shape checker's AssertionError ...)
fails. Two more oracles: a call that fails leaves the fake's state exactly as it
was (every slot of every region, and the records but ``fake.calls``), and every
captured delivery body renders (bodies are lazy; a crash there hits users too).

Inputs come from botocore's input shapes (structures, maps, lists and tuples,
strings, integers, booleans, blobs), biased per member name towards what SNS
cares about: look-alike ARNs (other regions and accounts, 5/6/7/8 parts, ``app/``
and ``endpoint/`` forms), real attribute names with values that fit them, JSON
that is valid, truncated, deeply nested or full of odd numbers, empty, huge (up
to ~300 KB), unicode and control-character strings. Each example starts a fresh
fake seeded with topics (standard, FIFO with an archive, in another region and
account), subscriptions of every protocol (confirmed, pending, filtered, raw,
failing http and Lambda endpoints with dead-letter queues), platform
applications and endpoints, SMS sandbox numbers, an opt-out and an origination
number, so handlers get past their existence checks. Placeholders such as
``{{SUB}}`` stand for the seeded ARNs that carry random ids.

Three searches: hypothesis per operation (a valid baseline call with some
members mutated, or a call drawn from the shape alone), hypothesis call
sequences (state one odd call leaves must not break the next), and a
deterministic sweep of curated bad values through every member and attribute
(random search rarely hits one exact value in one exact place). Every crash the
fuzzers found is kept as a regression at the end of this file; ``KNOWN_BUGS``
lists crashes to tolerate while a fix is pending (none today).

The default example counts keep this file well under a minute in CI. A long run::

    SNSFAKE_FUZZ_EXAMPLES=2000 python -m pytest tests/test_fuzz.py -q -p no:cacheprovider

(``SNSFAKE_FUZZ_EXAMPLES`` is the number of examples per operation, and of call
sequences.)
"""

from __future__ import annotations

import base64
import datetime
import json
import os
import traceback
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from functools import cache
from typing import Any

import botocore.session
import pytest
from botocore.exceptions import ClientError, ParamValidationError
from conftest import make_client
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

import snsfake
from snsfake import SnsFake

EXAMPLES = int(os.environ.get("SNSFAKE_FUZZ_EXAMPLES", "15"))
SEQUENCE_EXAMPLES = int(os.environ.get("SNSFAKE_FUZZ_EXAMPLES", "100"))
CHECK_ATOMICITY = True  # a call that fails must leave the state exactly as it was

FUZZ_SETTINGS = settings(
    max_examples=EXAMPLES,
    deadline=None,
    suppress_health_check=list(HealthCheck),
    print_blob=True,
)

MODEL = botocore.session.get_session().get_service_model("sns")
OPERATIONS = sorted(MODEL.operation_names)

ACCOUNT = "123456789012"
OTHER_ACCOUNT = "111122223333"
REGION = "us-east-1"
UUID = "0b8a2a9e-4c6f-4f1e-9f57-1d2f3a4b5c6d"
TOPIC = f"arn:aws:sns:{REGION}:{ACCOUNT}:fuzz"
FIFO_TOPIC = f"arn:aws:sns:{REGION}:{ACCOUNT}:fuzz.fifo"
APP = f"arn:aws:sns:{REGION}:{ACCOUNT}:app/GCM/fuzzapp"
QUEUE = f"arn:aws:sqs:{REGION}:{ACCOUNT}:fuzz-queue"
PHONE = "+15555550100"
UNVERIFIED_PHONE = "+15555550101"
OPTED_OUT_PHONE = "+15555550102"

# --------------------------------------------------------------------------- value pools
ARNS = [
    TOPIC,
    FIFO_TOPIC,
    f"arn:aws:sns:{REGION}:{ACCOUNT}:missing",
    f"arn:aws:sns:{REGION}:{ACCOUNT}:missing.fifo",
    f"arn:aws:sns:eu-west-1:{ACCOUNT}:fuzz",
    f"arn:aws:sns:{REGION}:{OTHER_ACCOUNT}:fuzz",
    f"arn:aws:sns:{REGION}:{ACCOUNT}",
    f"arn:aws:sns:{REGION}:{ACCOUNT}:",
    f"arn:aws:sns:{REGION}:{ACCOUNT}:fuzz:{UUID}",
    f"arn:aws:sns:{REGION}:{ACCOUNT}:fuzz:extra:more",
    f"arn:aws:sns:{REGION}:{ACCOUNT}:fuzz.fifo:{UUID}",
    f"arn:aws:sns:eu-west-1:{ACCOUNT}:fuzz:{UUID}",
    "{{SUB}}",
    "{{SUB_RAW}}",
    "{{SUB_PENDING}}",
    "{{SUB_FIFO}}",
    "{{SUB_OTHER}}",
    "{{SUB_HTTP}}",
    "{{SUB_LAMBDA}}",
    "{{SUB}}:x",
    "{{ENDPOINT}}",
    "{{ENDPOINT}}/x",
    "{{ENDPOINT_OTHER}}",
    APP,
    APP + "/x",
    f"arn:aws:sns:{REGION}:{ACCOUNT}:app/GCM",
    f"arn:aws:sns:{REGION}:{ACCOUNT}:app/APNS/missing",
    f"arn:aws:sns:eu-west-1:{ACCOUNT}:app/GCM/fuzzapp",
    f"arn:aws:sns:{REGION}:{ACCOUNT}:endpoint/GCM/fuzzapp/{UUID}",
    f"arn:aws:sns:{REGION}:{ACCOUNT}:endpoint/GCM/fuzzapp",
    f"arn:aws:sns:{REGION}:{ACCOUNT}:endpoint//x/y",
    f"arn:aws:sns:{REGION}:{ACCOUNT}:endpoint/NOPE/fuzzapp/{UUID}",
    QUEUE,
    QUEUE + ".fifo",
    f"arn:aws:sqs:{REGION}:999999999999:queue",
    f"arn:aws:lambda:{REGION}:{ACCOUNT}:function:f",
    f"arn:aws:firehose:{REGION}:{ACCOUNT}:deliverystream/s",
    f"arn:aws:iam::{ACCOUNT}:role/r",
    f"arn:aws-cn:sns:cn-north-1:{ACCOUNT}:fuzz",
    f"arn:aws-us-gov:sns:us-gov-west-1:{ACCOUNT}:fuzz",
    "arn:aws:sns:::fuzz",
    ":::::",
    "::::::",
    "arn:::::",
    "arn",
    "",
]
ARN_PARTS = [
    "arn",
    "aws",
    "aws-cn",
    "sns",
    "sqs",
    "lambda",
    REGION,
    "eu-west-1",
    "",
    ACCOUNT,
    OTHER_ACCOUNT,
    "fuzz",
    "fuzz.fifo",
    UUID,
    "app/GCM/fuzzapp",
    "endpoint/GCM/fuzzapp/x",
    "app",
    "*",
    "é",
]
TOPIC_ATTRIBUTES = [
    "Policy",
    "DisplayName",
    "DeliveryPolicy",
    "SignatureVersion",
    "TracingConfig",
    "KmsMasterKeyId",
    "MaximumMessageSize",
    "FifoTopic",
    "ContentBasedDeduplication",
    "FifoThroughputScope",
    "ArchivePolicy",
    "HTTPSuccessFeedbackRoleArn",
    "SQSSuccessFeedbackSampleRate",
    "LambdaFailureFeedbackRoleArn",
    "ApplicationSuccessFeedbackSampleRate",
    "FirehoseSuccessFeedbackRoleArn",
    "Owner",
    "TopicArn",
    "SubscriptionsConfirmed",
    "EffectiveDeliveryPolicy",
    "BeginningArchiveTime",
]
SUBSCRIPTION_ATTRIBUTES = [
    "DeliveryPolicy",
    "FilterPolicy",
    "FilterPolicyScope",
    "RawMessageDelivery",
    "RedrivePolicy",
    "SubscriptionRoleArn",
    "ReplayPolicy",
    "ReplayStatus",
    "PendingConfirmation",
    "Endpoint",
]
APPLICATION_ATTRIBUTES = [
    "PlatformCredential",
    "PlatformPrincipal",
    "EventEndpointCreated",
    "EventEndpointDeleted",
    "EventEndpointUpdated",
    "EventDeliveryFailure",
    "SuccessFeedbackRoleArn",
    "FailureFeedbackRoleArn",
    "SuccessFeedbackSampleRate",
    "ApplePlatformTeamID",
    "ApplePlatformBundleID",
    "Enabled",
    "AuthenticationMethod",
]
ENDPOINT_ATTRIBUTES = ["CustomUserData", "Enabled", "Token", "ChannelId", "UserId"]
SMS_ATTRIBUTES = [
    "MonthlySpendLimit",
    "DeliveryStatusIAMRole",
    "DeliveryStatusSuccessSamplingRate",
    "DefaultSenderID",
    "DefaultSMSType",
    "UsageReportS3Bucket",
]
ALL_ATTRIBUTES = sorted(
    set(
        TOPIC_ATTRIBUTES
        + SUBSCRIPTION_ATTRIBUTES
        + APPLICATION_ATTRIBUTES
        + ENDPOINT_ATTRIBUTES
        + SMS_ATTRIBUTES
    )
)
MESSAGE_ATTRIBUTE_NAMES = [
    "color",
    "size",
    "n",
    "a.b",
    "a..b",
    ".a",
    "a.",
    "AWS.x",
    "aws.sns.x",
    "Amazon.x",
    "AWS.SNS.SMS.SenderID",
    "AWS.SNS.SMS.SMSType",
    "AWS.SNS.SMS.MaxPrice",
    "AWS.MM.SMS.OriginationNumber",
    "AWS.MM.SMS.EntityId",
    "AWS.MM.SMS.TemplateId",
    "AWS.SNS.MOBILE.APNS.PUSH_TYPE",
    "AWS.SNS.MOBILE.APNS.PRIORITY",
    "AWS.SNS.MOBILE.GCM.TTL",
    "AWS.SNS.MOBILE.FCM.TTL",
    "AWS.SNS.MOBILE.APNS.TTL",
    "a b",
    "é",
    "x" * 256,
    "x" * 257,
]
DATA_TYPES = [
    "String",
    "Number",
    "Binary",
    "String.Array",
    "String.custom",
    "Number.float",
    "Binary.png",
    "String.",
    "Foo",
    "",
    "string",
    "Number.",
    "x" * 257,
]
ODD_NUMBERS = [
    "0",
    "1",
    "-1",
    "5",
    "30",
    "100",
    "101",
    "1024",
    "1023",
    "1048576",
    "1048577",
    "1.5",
    "1e3",
    "1e400",
    "-1e400",
    "nan",
    "NaN",
    "inf",
    "-inf",
    "Infinity",
    "0x10",
    "1_000",
    "²",
    "①",
    "١٢",
    "𝟙𝟘",
    "9" * 5000,
    "1" + "0" * 4400,
    " 5",
    "5 ",
    "",
    "-",
    "+1",
    "00",
]
FILTER_POLICIES = [
    '{"color":["red"]}',
    '{"color":[{"prefix":"r"}]}',
    '{"color":[{"suffix":"d"}]}',
    '{"color":[{"anything-but":["red"]}]}',
    '{"color":[{"anything-but":{"prefix":"r"}}]}',
    '{"color":[{"anything-but":{"suffix":"d"}}]}',
    '{"color":[{"anything-but":[1,"x"]}]}',
    '{"n":[{"numeric":[">",0,"<=",5]}]}',
    '{"n":[{"numeric":["=",1e400]}]}',
    '{"n":[{"numeric":[">",NaN]}]}',
    '{"n":[{"numeric":[">",1e308,"<",-1e308]}]}',
    '{"n":[{"numeric":[">"]}]}',
    '{"n":[{"numeric":["<",1,">",2]}]}',
    '{"n":[12345678901234567890123]}',
    '{"n":[1e-400]}',
    '{"ip":[{"cidr":"10.0.0.0/24"}]}',
    '{"ip":[{"cidr":"10.0.0.0/99"}]}',
    '{"ip":[{"cidr":"::1/128"}]}',
    '{"ip":[{"cidr":""}]}',
    '{"color":[{"exists":true}]}',
    '{"color":[{"exists":false}]}',
    '{"color":[{"exists":"yes"}]}',
    '{"color":[{"equals-ignore-case":"RED"}]}',
    '{"color":[{"wildcard":"r*d"}]}',
    '{"color":[{"wildcard":"***"}]}',
    '{"$or":[{"color":["red"]},{"size":["L"]}]}',
    '{"$or":[]}',
    '{"$or":"x"}',
    '{"a":{"b":{"c":["d"]}}}',
    '{"a":{"$or":[{"b":["c"]},{"d":["e"]}]}}',
    '{"color":[null]}',
    '{"color":[true,1,"x"]}',
    '{"color":[{"prefix":""}]}',
    '{"color":[{"prefix":1}]}',
    '{"color":[{"unknown":1}]}',
    '{"color":[{}]}',
    '{"color":[[]]}',
    '{"color":[]}',
    '{"color":"red"}',
    '{"color":["red"],"color":["blue"]}',
    "{}",
    "[]",
    "null",
    "",
    "{",
    '{"color":["red"]',
    '{"color":["red"]}}',
    "{'color':['red']}",
    '{"":[""]}',
    '{"color":["\\u0000"]}',
]
POLICIES = [
    json.dumps(
        {
            "Version": "2012-10-17",
            "Statement": [
                {"Effect": "Allow", "Principal": "*", "Action": "SNS:Publish", "Resource": TOPIC},
            ],
        }
    ),
    '{"Statement":{"Effect":"Allow","Action":"sns:*"}}',
    '{"Statement":[{"Action":["sqs:SendMessage"]}]}',
    '{"Statement":[{"NotAction":"SNS:Publish"}]}',
    '{"Statement":[{"Action":5}]}',
    '{"Statement":[{"Action":"sns"}]}',
    '{"Statement":[1,"x",null]}',
    '{"Statement":"x"}',
    '{"Statement":[{"Sid":"x"},{"Sid":"x"}]}',
    '{"Statement":[{"Sid":5}]}',
    "{}",
    "[]",
    '"x"',
]
DELIVERY_POLICIES = [
    json.dumps(
        {
            "http": {
                "defaultHealthyRetryPolicy": {
                    "minDelayTarget": 20,
                    "maxDelayTarget": 20,
                    "numRetries": 3,
                    "numMaxDelayRetries": 0,
                    "numNoDelayRetries": 0,
                    "numMinDelayRetries": 0,
                    "backoffFunction": "linear",
                },
                "disableSubscriptionOverrides": False,
                "defaultThrottlePolicy": {"maxReceivesPerSecond": 1},
                "defaultRequestPolicy": {"headerContentType": "application/json"},
            }
        }
    ),
    json.dumps(
        {
            "healthyRetryPolicy": {"minDelayTarget": 1, "maxDelayTarget": 2, "numRetries": 2},
            "throttlePolicy": {"maxReceivesPerSecond": 1},
            "requestPolicy": {"headerContentType": "text/plain"},
        }
    ),
    '{"http":{"defaultHealthyRetryPolicy":{"minDelayTarget":"20"}}}',
    '{"http":{"defaultHealthyRetryPolicy":{"minDelayTarget":1e400,"maxDelayTarget":-1}}}',
    '{"http":{"defaultHealthyRetryPolicy":{"numRetries":true,"backoffFunction":5}}}',
    '{"http":{"defaultHealthyRetryPolicy":null,"defaultRequestPolicy":[]}}',
    '{"http":{"defaultHealthyRetryPolicy":[1,2]}}',
    '{"http":[]}',
    '{"http":"x"}',
    '{"healthyRetryPolicy":{"numRetries":1.5}}',
    '{"healthyRetryPolicy":"x","throttlePolicy":{"maxReceivesPerSecond":"x"}}',
    '{"requestPolicy":{"headerContentType":5}}',
    '{"requestPolicy":{"headerContentType":"application/x"}}',
    '{"healthyRetryPolicy":{"numRetries":12345678901234567890}}',
    '{"healthyRetryPolicy":{"numRetries":100,"numNoDelayRetries":40,"numMinDelayRetries":30,"numMaxDelayRetries":30}}',
    '{"healthyRetryPolicy":{"numRetries":100,"minDelayTarget":1,"maxDelayTarget":3600,"backoffFunction":"exponential"}}',
    '{"healthyRetryPolicy":{"numRetries":7,"minDelayTarget":1,"maxDelayTarget":1,"backoffFunction":"geometric"}}',
    '{"healthyRetryPolicy":{"numRetries":5,"minDelayTarget":2,"maxDelayTarget":9,"backoffFunction":"arithmetic"}}',
    '{"requestPolicy":5}',
    '{"requestPolicy":"x"}',
    '{"requestPolicy":[1]}',
    '{"requestPolicy":{"headerContentType":["a"]}}',
    '{"sicklyRetryPolicy":5,"guaranteed":"x","throttlePolicy":{"maxReceivesPerSecond":1.5}}',
    '{"http":{"defaultRequestPolicy":"x"}}',
    '{"http":{"defaultRequestPolicy":{"headerContentType":5}}}',
    '{"http":{"defaultThrottlePolicy":"x","disableSubscriptionOverrides":"yes"}}',
    '{"http":{"disableSubscriptionOverrides":true},"https":{"defaultHealthyRetryPolicy":{"numRetries":1}}}',
    '{"sqs":5,"http":{}}',
    "{}",
    "[]",
]
REDRIVE_POLICIES = [
    json.dumps({"deadLetterTargetArn": f"arn:aws:sqs:{REGION}:{ACCOUNT}:dlq"}),
    json.dumps({"deadLetterTargetArn": f"arn:aws:sqs:{REGION}:{ACCOUNT}:dlq.fifo"}),
    '{"deadLetterTargetArn":5}',
    '{"deadLetterTargetArn":"arn:::"}',
    '{"deadLetterTargetArn":"x:a:b:c:d:e"}',
    "{}",
    "[]",
]
REPLAY_POLICIES = [
    '{"PointType":"Timestamp","StartingPoint":"2020-01-01T00:00:00Z"}',
    '{"PointType":"Timestamp","StartingPoint":"2020-01-01T00:00:00.000Z","EndingPoint":"2030-01-01T00:00:00Z"}',
    '{"PointType":"Timestamp","StartingPoint":"2030-01-01T00:00:00Z","EndingPoint":"2020-01-01T00:00:00Z"}',
    '{"PointType":"Timestamp","StartingPoint":"9999-12-31T23:59:59Z"}',
    '{"PointType":"Timestamp","StartingPoint":"0001-01-01T00:00:00+14:00"}',
    '{"PointType":"Timestamp","StartingPoint":"2020-01-01T00:00:00"}',
    '{"PointType":"Timestamp","StartingPoint":"2020-13-01T00:00:00Z"}',
    '{"PointType":"Timestamp","StartingPoint":12345}',
    '{"PointType":"Timestamp"}',
    '{"PointType":"Sequence","StartingPoint":"1"}',
    "{}",
]
ARCHIVE_POLICIES = [
    '{"MessageRetentionPeriod":"30"}',
    '{"MessageRetentionPeriod":30}',
    '{"MessageRetentionPeriod":"0"}',
    '{"MessageRetentionPeriod":366}',
    '{"MessageRetentionPeriod":"²"}',
    '{"MessageRetentionPeriod":true}',
    '{"MessageRetentionPeriod":1.5}',
    '{"MessageRetentionPeriod":"99999999999999999999"}',
    '{"x":1}',
    "{}",
    "[]",
]
STRUCTURED_MESSAGES = [
    '{"default":"hello"}',
    '{"default":"hello","sqs":"for sqs","http":"for http","sms":"for sms","lambda":"λ","email":"e"}',
    '{"default":"d","GCM":"{\\"data\\":{\\"k\\":\\"v\\"}}","APNS":"{\\"aps\\":{\\"alert\\":\\"hi\\"}}"}',
    '{"GCM":"{\\"notification\\":{\\"body\\":\\"x\\"}}"}',
    '{"GCM":"not json"}',
    '{"APNS":"{\\"aps\\":{\\"content-available\\":1}}","default":"x"}',
    '{"default":1}',
    '{"default":"a","default":"b"}',
    '{"default":null}',
    "[]",
    "null",
    "{",
]
DATA_PROTECTION_POLICIES = [
    json.dumps(
        {
            "Name": "p",
            "Version": "2021-06-01",
            "Statement": [
                {
                    "Sid": "s",
                    "DataDirection": "Inbound",
                    "Principal": ["*"],
                    "DataIdentifier": ["arn:aws:dataprotection::aws:data-identifier/EmailAddress"],
                    "Operation": {"Deny": {}},
                }
            ],
        }
    ),
    "{}",
    "[]",
    "x" * 30721,
]
DEEP = [
    "[" * 5000 + "]" * 5000,
    '{"a":' * 3000 + "1" + "}" * 3000,
    '{"color":' + "[" * 3000 + '"red"' + "]" * 3000 + "}",
    '{"default":"x","n":' + "[" * 3000 + "]" * 3000 + "}",
    '{"deadLetterTargetArn":' + "[" * 3000 + "]" * 3000 + "}",
    '{"PointType":"Timestamp","StartingPoint":' + "[" * 3000 + "]" * 3000 + "}",
    '{"http":' + '{"a":' * 3000 + "1" + "}" * 3001,
    '{"healthyRetryPolicy":' + "[" * 3000 + "]" * 3000 + "}",
    '{"MessageRetentionPeriod":' + "[" * 3000 + "]" * 3000 + "}",
    '{"Statement":' + "[" * 3000 + "]" * 3000 + "}",
]
JSON_KEYS = [
    "default",
    "color",
    "n",
    "a",
    "$or",
    "prefix",
    "suffix",
    "anything-but",
    "numeric",
    "exists",
    "cidr",
    "equals-ignore-case",
    "wildcard",
    "Statement",
    "Action",
    "NotAction",
    "Sid",
    "Effect",
    "http",
    "defaultHealthyRetryPolicy",
    "healthyRetryPolicy",
    "minDelayTarget",
    "maxDelayTarget",
    "numRetries",
    "backoffFunction",
    "throttlePolicy",
    "maxReceivesPerSecond",
    "requestPolicy",
    "headerContentType",
    "deadLetterTargetArn",
    "PointType",
    "StartingPoint",
    "EndingPoint",
    "MessageRetentionPeriod",
    "sqs",
    "GCM",
    "APNS",
    "aps",
    "alert",
    "content-available",
    "data",
    "notification",
]
JSON_WORDS = [
    "red",
    "r*d",
    ">",
    "<=",
    "=",
    "10.0.0.0/24",
    "Timestamp",
    "2020-01-01T00:00:00Z",
    "linear",
    "geometric",
    "exponential",
    "arithmetic",
    "text/plain",
    "application/json",
    "Allow",
    "SNS:Publish",
    "sns:*",
    QUEUE,
]
PROTOCOLS = [
    "http",
    "https",
    "email",
    "email-json",
    "sms",
    "sqs",
    "application",
    "lambda",
    "firehose",
    "HTTP",
    "Sqs",
    "smtp",
    "",
]
ENDPOINTS = [
    "http://example.com",
    "https://example.com/hook",
    "HTTPS://EXAMPLE.COM",
    "http://",
    "https://[::1]/x",
    "http://exa mple.com",
    "ftp://example.com",
    "user@example.com",
    "a@b",
    "@",
    "not an email",
    "user@example.com\n",
    PHONE,
    "15555550100",
    "+1-555-555-0100",
    "555.555.0100",
    "+",
    "+0",
    "1//2",
    QUEUE,
    QUEUE + ".fifo",
    f"arn:aws:sqs:{REGION}:999999999999:q",
    "arn:aws:sqs::::",
    "arn:aws:sqs:a:b:c",
    f"arn:aws:lambda:{REGION}:{ACCOUNT}:function:f",
    f"arn:aws:firehose:{REGION}:{ACCOUNT}:deliverystream/s",
    "{{ENDPOINT}}",
    "{{ENDPOINT_OTHER}}",
    f"arn:aws:sns:{REGION}:{ACCOUNT}:endpoint/GCM/fuzzapp/{UUID}",
]
PHONES = [
    PHONE,
    UNVERIFIED_PHONE,
    OPTED_OUT_PHONE,
    "15555550100",
    "+1",
    "+",
    "1",
    "+123456789",
    "+1234567890123456",
    "+100000000",
    "555-555-0100",
    "+1 555 555 0100",
    "+٠١٢٣٤٥٦٧٨٩",
    "+15555550100" + "0" * 10,
    "0" * 9,
]
NAMES = [
    "fuzz",
    "fuzz.fifo",
    "fuzzapp",
    "other",
    "a" * 256,
    "a" * 257,
    "a" * 251 + ".fifo",
    "a" * 252 + ".fifo",
    "bad name",
    ".fifo",
    "x.fifo",
    "é",
    "a.b",
    "-",
    "_",
]
PLATFORMS = [
    "GCM",
    "APNS",
    "APNS_SANDBOX",
    "APNS_VOIP",
    "ADM",
    "BAIDU",
    "MPNS",
    "WNS",
    "MACOS",
    "FCM",
    "gcm",
    "",
]
ACTIONS = [
    "Publish",
    "Subscribe",
    "GetTopicAttributes",
    "Receive",
    "DeleteTopic",
    "sns:Publish",
    "*",
    "Foo",
    "",
]
ACCOUNTS = [ACCOUNT, OTHER_ACCOUNT, "*", "12345", "arn:aws:iam::111122223333:root", "arn:", "é" * 12]
LANGUAGES = ["en-US", "de-DE", "zh-TW", "xx-XX", "", "en-us"]
TAG_KEYS = ["team", "env", "aws:reserved", "AWS:x", "k" * 128, "k" * 129, "é", " "]
BOOL_STRINGS = ["true", "false", "TRUE", "False", "yes", "1", "0", ""]
SENDER_IDS = ["MySender", "123", "TooLongSender1", "a b", "é"]
BUCKETS = ["my-bucket", "a", "Bad_Bucket", "x" * 64, "bucket..name"]

# Values that fit one attribute (by name); any attribute may also get a general string.
ATTRIBUTE_VALUES: dict[str, list[str]] = {
    "Policy": POLICIES,
    "DisplayName": ["", "Display", "d" * 100, "d" * 101, "é\n\x00"],
    "DeliveryPolicy": DELIVERY_POLICIES,
    "EffectiveDeliveryPolicy": DELIVERY_POLICIES,
    "SignatureVersion": ["1", "2", "3", ""],
    "TracingConfig": ["PassThrough", "Active", "x"],
    "KmsMasterKeyId": ["alias/aws/sns", ""],
    "MaximumMessageSize": ODD_NUMBERS,
    "FifoTopic": BOOL_STRINGS,
    "ContentBasedDeduplication": BOOL_STRINGS,
    "FifoThroughputScope": ["Topic", "MessageGroup", "x"],
    "ArchivePolicy": ARCHIVE_POLICIES,
    "FilterPolicy": FILTER_POLICIES,
    "FilterPolicyScope": ["MessageAttributes", "MessageBody", "x", ""],
    "RawMessageDelivery": BOOL_STRINGS,
    "RedrivePolicy": REDRIVE_POLICIES,
    "SubscriptionRoleArn": ARNS,
    "ReplayPolicy": REPLAY_POLICIES,
    "PlatformCredential": ["key", "", '{"type":"service_account"}', "[]"],
    "PlatformPrincipal": ["principal", ""],
    "ApplePlatformTeamID": ["TEAM", ""],
    "ApplePlatformBundleID": ["com.example", ""],
    "Enabled": BOOL_STRINGS,
    "Token": ["device", "DEVICE", "", "ABCDEF0123"],
    "CustomUserData": ["", "data", "x" * 2048, "é" * 1025],
    "MonthlySpendLimit": ODD_NUMBERS,
    "DeliveryStatusSuccessSamplingRate": ODD_NUMBERS,
    "DeliveryStatusIAMRole": [f"arn:aws:iam::{ACCOUNT}:role/r", "arn:aws:iam::1:role/r", ""],
    "DefaultSenderID": SENDER_IDS,
    "DefaultSMSType": ["Promotional", "Transactional", "x"],
    "UsageReportS3Bucket": BUCKETS,
}
for _name in TOPIC_ATTRIBUTES + APPLICATION_ATTRIBUTES:
    if _name.endswith("SampleRate"):
        ATTRIBUTE_VALUES[_name] = ODD_NUMBERS
    elif _name.endswith("RoleArn") or _name.startswith("Event"):
        ATTRIBUTE_VALUES[_name] = ARNS
MESSAGE_ATTRIBUTE_VALUES = {
    "AWS.SNS.SMS.MaxPrice": ODD_NUMBERS,
    "AWS.SNS.MOBILE.GCM.TTL": ODD_NUMBERS,
    "AWS.SNS.MOBILE.FCM.TTL": ODD_NUMBERS,
    "AWS.SNS.MOBILE.APNS.TTL": ODD_NUMBERS,
    "AWS.SNS.MOBILE.APNS.PUSH_TYPE": ["alert", "background", "voip", ""],
    "AWS.SNS.MOBILE.APNS.PRIORITY": ["5", "10", "x"],
    "AWS.SNS.SMS.SMSType": ["Promotional", "Transactional", "x"],
    "AWS.SNS.SMS.SenderID": SENDER_IDS,
}
STRING_VALUES = [
    "red",
    "blue",
    "L",
    "10.0.0.1",
    "::1",
    "1",
    "-0",
    "1e400",
    "nan",
    "1_000",
    "²",
    '["a",1,null,true]',
    '["a",["b"]]',
    '[{"a":1}]',
    "[]",
    "[NaN]",
    "[1e400]",
    '{"a":1}',
    "[",
    "",
] + DEEP[:1]


def _sampled(values: list[str]) -> st.SearchStrategy[str]:
    return st.sampled_from(values)


def _json_text() -> st.SearchStrategy[str]:
    leaves = (
        st.none()
        | st.booleans()
        | st.integers(-(10**25), 10**25)
        | st.floats()
        | st.text(max_size=12)
        | st.sampled_from(JSON_WORDS)
    )
    keys = st.sampled_from(JSON_KEYS) | st.text(max_size=8)
    values = st.recursive(
        leaves,
        lambda children: st.lists(children, max_size=4) | st.dictionaries(keys, children, max_size=4),
        max_leaves=16,
    )
    text = values.map(json.dumps)
    truncated = st.tuples(text, st.integers(1, 20)).map(lambda pair: pair[0][: -pair[1]])
    return text | text | truncated


def _huge() -> st.SearchStrategy[str]:
    sizes = st.sampled_from([256, 257, 1024, 2048, 2049, 30_720, 30_721, 262_144, 262_145, 300_000])
    chars = st.sampled_from(["a", "é", "€", "𝄞", "\x00", "{", "[", "9"])
    return st.builds(lambda char, size: char * max(1, size // len(char.encode("utf-8"))), chars, sizes)


def _composed_arn() -> st.SearchStrategy[str]:
    return st.lists(st.sampled_from(ARN_PARTS) | st.text(max_size=6), min_size=1, max_size=9).map(":".join)


ARN = _sampled(ARNS) | _sampled(ARNS) | _composed_arn()
JSONISH = (
    _sampled(FILTER_POLICIES)
    | _sampled(POLICIES + DELIVERY_POLICIES + REDRIVE_POLICIES + REPLAY_POLICIES + ARCHIVE_POLICIES)
    | _sampled(STRUCTURED_MESSAGES + DATA_PROTECTION_POLICIES)
    | _sampled(DEEP)
    | _json_text()
)
GENERAL = (
    st.text(max_size=40)
    | st.text(
        alphabet=st.characters(max_codepoint=0x20) | st.sampled_from(["\x7f", "\x85", "\u2028"]), max_size=20
    )
    | st.text(alphabet=st.characters(min_codepoint=0x80), max_size=20)
    | st.sampled_from(["", " ", "\x00", "null", "true", "0"])
    | _sampled(ODD_NUMBERS)
    | ARN
    | JSONISH
    | _huge()
)


def _pool(values: list[str]) -> st.SearchStrategy[str]:
    """Mostly the pool, sometimes anything."""
    return _sampled(values) | _sampled(values) | _sampled(values) | GENERAL


# Member name (lower case) → strings for it. List members use their list's name.
MEMBER_VALUES: dict[str, list[str]] = {
    "topicarn": ARNS,
    "targetarn": ARNS,
    "resourcearn": ARNS,
    "subscriptionarn": ARNS,
    "platformapplicationarn": ARNS,
    "endpointarn": ARNS,
    "protocol": PROTOCOLS,
    "endpoint": ENDPOINTS,
    "phonenumber": PHONES,
    "name": NAMES,
    "platform": PLATFORMS,
    "attributename": ALL_ATTRIBUTES,
    "attributevalue": sorted({value for values in ATTRIBUTE_VALUES.values() for value in values}),
    "message": STRUCTURED_MESSAGES + ["hello", "{}", "é"],
    "subject": ["s", "s" * 100, "s" * 101, "line\nbreak", "tab\t", "é", "\x7f"],
    "messagestructure": ["json", "JSON", "string"],
    "token": ["{{TOKEN}}", "{{TOKEN_UPPER}}", "{{TOKEN}}0", "abc123", "device", "DEVICE"],
    "nexttoken": [
        "dG9waWNzOjE",
        "dG9waWNzOjA",
        "c3Vic2NyaXB0aW9uczox",
        "==",
        "dG9waWNzOi0x",
        "eDp5",
        "dG9waWNzOjk5OTk5OTk5OTk5OTk5OTk5OTk5OTk5OTk5OTk5",
    ],
    "label": ["lbl", "x" * 100, "x" * 101, "a b", "__default_statement_ID"],
    "awsaccountid": ACCOUNTS,
    "actionname": ACTIONS,
    "datatype": DATA_TYPES,
    "stringvalue": STRING_VALUES + ODD_NUMBERS,
    "messagegroupid": ["g1", "g" * 128, "g" * 129, "a b", "é"],
    "messagededuplicationid": ["d1", "d" * 128, "d" * 129, "a b", "é"],
    "id": ["1", "a", "a-b_c", "x" * 80, "x" * 81, "a b", "é"],
    "languagecode": LANGUAGES,
    "onetimepassword": ["{{OTP}}", "123456", "00000", "12345678", "1234", "123456789", "abcdef"],
    "key": TAG_KEYS,
    "tagkeys": TAG_KEYS,
    "value": ["v", "", "v" * 256, "v" * 257],
    "customuserdata": ["data", "x" * 2049, "é" * 1025],
    "dataprotectionpolicy": DATA_PROTECTION_POLICIES,
    "authenticateonunsubscribe": BOOL_STRINGS,
    "attributes": SMS_ATTRIBUTES,  # GetSMSAttributes' list of names
}
MEMBER_STRINGS: dict[str, st.SearchStrategy[str]] = {
    name: _pool(values) for name, values in MEMBER_VALUES.items()
}
for _name in ("attributevalue", "message", "dataprotectionpolicy"):
    MEMBER_STRINGS[_name] = MEMBER_STRINGS[_name] | JSONISH
MAP_KEYS: dict[str, st.SearchStrategy[str]] = {
    "attributes": _pool(ALL_ATTRIBUTES),
    "messageattributes": _pool(MESSAGE_ATTRIBUTE_NAMES),
}
WRONG_TYPE = st.sampled_from([None, 1, 1.5, [], {}, b"x", object()])


# --------------------------------------------------------------------------- shapes → strategies
def _string(context: str) -> st.SearchStrategy[str]:
    return MEMBER_STRINGS.get(context.lower(), GENERAL)


def _scalar(shape: Any, context: str) -> st.SearchStrategy[Any]:
    kind = shape.type_name
    if kind == "string":
        return _string(context)
    if kind == "boolean":
        return st.booleans()
    if kind in ("integer", "long"):
        return st.integers(-5, 200) | st.sampled_from([0, 1, 30, 31, 100, 101, 2**63, True])
    if kind == "blob":
        return st.binary(max_size=40) | st.text(max_size=20) | st.just(b"") | st.just(b"\xff" * 300_000)
    raise AssertionError(f"no strategy for {kind}")


def _map(shape: Any, context: str) -> st.SearchStrategy[dict[Any, Any]]:
    keys = MAP_KEYS.get(context.lower(), GENERAL)
    message_attributes = context.lower() == "messageattributes"

    @st.composite
    def build(draw: Callable[..., Any]) -> dict[Any, Any]:
        result: dict[Any, Any] = {}
        for _ in range(draw(st.integers(0, 5))):
            key = draw(keys)
            if message_attributes:
                result[key] = draw(_message_attribute(shape.value, key))
            else:
                result[key] = draw(_attribute_value(key))
        return result

    return build()


def _message_attribute(shape: Any, name: str) -> st.SearchStrategy[dict[str, Any]]:
    specific = MESSAGE_ATTRIBUTE_VALUES.get(name)
    strings = (
        (_sampled(specific) | _sampled(specific) | _string("stringvalue"))
        if specific
        else _string("stringvalue")
    )
    return st.fixed_dictionaries(
        {"DataType": _string("datatype")},
        optional={
            "StringValue": strings,
            "BinaryValue": _scalar(shape.members["BinaryValue"], "BinaryValue"),
        },
    )


def _list(shape: Any, context: str, depth: int) -> st.SearchStrategy[Any]:
    items = st.lists(strategy_for(shape.member, context, depth + 1), max_size=12)
    return items | items.map(tuple)


def _attribute_value(name: str) -> st.SearchStrategy[str]:
    """A value that fits attribute ``name`` (when we know one), or anything."""
    specific = ATTRIBUTE_VALUES.get(name)
    return (_sampled(specific) | _sampled(specific) | _sampled(specific) | GENERAL) if specific else GENERAL


def _structure(shape: Any, depth: int) -> st.SearchStrategy[dict[str, Any]]:
    required = {
        name: strategy_for(member, name, depth + 1)
        for name, member in shape.members.items()
        if name in shape.required_members
    }
    optional = {
        name: strategy_for(member, name, depth + 1)
        for name, member in shape.members.items()
        if name not in shape.required_members
    }
    if "AttributeName" not in shape.members or "AttributeValue" not in shape.members:
        return st.fixed_dictionaries(required, optional=optional)
    # Set{Topic,Subscription}Attributes: draw the value for the name drawn.
    optional.pop("AttributeValue")
    rest = st.fixed_dictionaries(required, optional=optional)

    @st.composite
    def named(draw: Callable[..., Any]) -> dict[str, Any]:
        params = dict(draw(rest))
        name = params["AttributeName"]
        if isinstance(name, str) and draw(st.integers(0, 9)):
            params["AttributeValue"] = draw(_attribute_value(name))
        return params

    return named()


def strategy_for(shape: Any, context: str = "", depth: int = 0) -> st.SearchStrategy[Any]:
    """Values for ``shape``: mostly well typed (so they reach the fake), now and then not."""
    kind = shape.type_name
    if kind == "structure":
        value = _structure(shape, depth)
    elif kind == "list":
        value = _list(shape, context, depth)
    elif kind == "map":
        value = _map(shape, context)
    else:
        value = _scalar(shape, context)
    if depth == 0:
        return value
    return st.one_of(*([value] * 30), WRONG_TYPE)


# A valid call per operation (placeholders name seeded resources). Hypothesis mutates some members
# of it, so most examples get past the other members' checks into the code under the mutated one.
DATA_PROTECTION_POLICY = DATA_PROTECTION_POLICIES[0]
BASELINES: dict[str, dict[str, Any]] = {
    "AddPermission": {
        "TopicArn": TOPIC,
        "Label": "lbl",
        "AWSAccountId": [OTHER_ACCOUNT],
        "ActionName": ["Publish"],
    },
    "CheckIfPhoneNumberIsOptedOut": {"phoneNumber": PHONE},
    "ConfirmSubscription": {"TopicArn": TOPIC, "Token": "{{TOKEN}}", "AuthenticateOnUnsubscribe": "true"},
    "CreatePlatformApplication": {
        "Name": "app2",
        "Platform": "GCM",
        "Attributes": {"PlatformCredential": "key"},
    },
    "CreatePlatformEndpoint": {
        "PlatformApplicationArn": APP,
        "Token": "device2",
        "CustomUserData": "data",
        "Attributes": {"Enabled": "true"},
    },
    "CreateSMSSandboxPhoneNumber": {"PhoneNumber": "+15555550103", "LanguageCode": "en-US"},
    "CreateTopic": {
        "Name": "fuzz2",
        "Attributes": {"DisplayName": "x"},
        "Tags": [{"Key": "k", "Value": "v"}],
        "DataProtectionPolicy": DATA_PROTECTION_POLICY,
    },
    "DeleteEndpoint": {"EndpointArn": "{{ENDPOINT}}"},
    "DeletePlatformApplication": {"PlatformApplicationArn": APP},
    "DeleteSMSSandboxPhoneNumber": {"PhoneNumber": PHONE},
    "DeleteTopic": {"TopicArn": TOPIC},
    "GetDataProtectionPolicy": {"ResourceArn": TOPIC},
    "GetEndpointAttributes": {"EndpointArn": "{{ENDPOINT}}"},
    "GetPlatformApplicationAttributes": {"PlatformApplicationArn": APP},
    "GetSMSAttributes": {"attributes": ["MonthlySpendLimit"]},
    "GetSMSSandboxAccountStatus": {},
    "GetSubscriptionAttributes": {"SubscriptionArn": "{{SUB}}"},
    "GetTopicAttributes": {"TopicArn": TOPIC},
    "ListEndpointsByPlatformApplication": {"PlatformApplicationArn": APP},
    "ListOriginationNumbers": {"MaxResults": 10},
    "ListPhoneNumbersOptedOut": {},
    "ListPlatformApplications": {},
    "ListSMSSandboxPhoneNumbers": {"MaxResults": 10},
    "ListSubscriptions": {},
    "ListSubscriptionsByTopic": {"TopicArn": TOPIC},
    "ListTagsForResource": {"ResourceArn": TOPIC},
    "ListTopics": {},
    "OptInPhoneNumber": {"phoneNumber": OPTED_OUT_PHONE},
    "Publish": {
        "TopicArn": TOPIC,
        "Message": "hello",
        "Subject": "s",
        "MessageAttributes": {"color": {"DataType": "String", "StringValue": "red"}},
    },
    "PublishBatch": {
        "TopicArn": TOPIC,
        "PublishBatchRequestEntries": [
            {
                "Id": "1",
                "Message": "hello",
                "MessageAttributes": {"color": {"DataType": "String", "StringValue": "red"}},
            },
        ],
    },
    "PutDataProtectionPolicy": {"ResourceArn": TOPIC, "DataProtectionPolicy": DATA_PROTECTION_POLICY},
    "RemovePermission": {"TopicArn": TOPIC, "Label": "lbl"},
    "SetEndpointAttributes": {"EndpointArn": "{{ENDPOINT}}", "Attributes": {"CustomUserData": "x"}},
    "SetPlatformApplicationAttributes": {
        "PlatformApplicationArn": APP,
        "Attributes": {"PlatformCredential": "k2"},
    },
    "SetSMSAttributes": {"attributes": {"DefaultSMSType": "Transactional"}},
    "SetSubscriptionAttributes": {
        "SubscriptionArn": "{{SUB}}",
        "AttributeName": "RawMessageDelivery",
        "AttributeValue": "true",
    },
    "SetTopicAttributes": {"TopicArn": TOPIC, "AttributeName": "DisplayName", "AttributeValue": "x"},
    "Subscribe": {
        "TopicArn": TOPIC,
        "Protocol": "sqs",
        "Endpoint": QUEUE + "-2",
        "Attributes": {"RawMessageDelivery": "true"},
        "ReturnSubscriptionArn": True,
    },
    "TagResource": {"ResourceArn": TOPIC, "Tags": [{"Key": "k", "Value": "v"}]},
    "Unsubscribe": {"SubscriptionArn": "{{SUB}}"},
    "UntagResource": {"ResourceArn": TOPIC, "TagKeys": ["team"]},
    "VerifySMSSandboxPhoneNumber": {"PhoneNumber": UNVERIFIED_PHONE, "OneTimePassword": "{{OTP}}"},
}


def _mutated(shape: Any, base: Mapping[str, Any]) -> st.SearchStrategy[dict[str, Any]]:
    """The baseline with some members replaced (maps merged), some optional ones added."""
    members = {name: strategy_for(member, name, 1) for name, member in shape.members.items()}

    @st.composite
    def build(draw: Callable[..., Any]) -> dict[str, Any]:
        params = dict(base)
        for name, strategy in members.items():
            if draw(st.integers(0, 2)) != 0:
                continue
            value = draw(strategy)
            if isinstance(value, dict) and isinstance(params.get(name), dict) and draw(st.booleans()):
                value = {**params[name], **value}
            params[name] = value
        name = params.get("AttributeName")
        if "AttributeValue" in shape.members and isinstance(name, str) and name != base.get("AttributeName"):
            params["AttributeValue"] = draw(_attribute_value(name))
        return params

    return build()


@cache
def params_for(operation: str) -> st.SearchStrategy[dict[str, Any]]:
    shape = MODEL.operation_model(operation).input_shape
    if shape is None:
        return st.just({})
    mutated = _mutated(shape, BASELINES[operation])
    return st.one_of(mutated, mutated, mutated, strategy_for(shape))


# --------------------------------------------------------------------------- seeded fake
@cache
def client(name: str) -> Any:
    if name == "eu-west-1":
        return make_client(region="eu-west-1")
    if name == "other-account":
        return make_client(access_key=OTHER_ACCOUNT)
    return make_client()


CLIENTS = st.sampled_from(["default"] * 6 + ["eu-west-1", "other-account"])


def _ok(
    fake: SnsFake, operation: str, params: dict[str, Any], region: str = REGION, key: str | None = None
) -> Any:
    status, parsed = fake.handle(operation, params, region, key)
    assert status == 200, (operation, parsed)
    return parsed


def _failing_lambda(event: Any, context: Any) -> None:
    raise RuntimeError("the function failed")


def seed(fake: SnsFake) -> dict[str, str]:
    """Resources for handlers to find; the placeholders that name them."""
    _ok(fake, "CreateTopic", {"Name": "fuzz", "Tags": [{"Key": "team", "Value": "a"}]})
    _ok(fake, "CreateTopic", {"Name": "fuzz", "Attributes": {"DisplayName": "Fuzz"}}, "eu-west-1")
    _ok(fake, "CreateTopic", {"Name": "fuzz"}, REGION, OTHER_ACCOUNT)
    archive = '{"MessageRetentionPeriod":"1"}'
    _ok(
        fake,
        "CreateTopic",
        {"Name": "fuzz.fifo", "Attributes": {"FifoTopic": "true", "ArchivePolicy": archive}},
    )
    _ok(
        fake,
        "Publish",
        {"TopicArn": FIFO_TOPIC, "Message": "archived", "MessageGroupId": "g", "MessageDeduplicationId": "d"},
    )

    def subscribe(protocol: str, endpoint: str, topic: str = TOPIC, **attributes: str) -> str:
        params: dict[str, Any] = {
            "TopicArn": topic,
            "Protocol": protocol,
            "Endpoint": endpoint,
            "ReturnSubscriptionArn": True,
        }
        if attributes:
            params["Attributes"] = attributes
        return str(_ok(fake, "Subscribe", params)["SubscriptionArn"])

    values = {
        "{{SUB}}": subscribe("sqs", QUEUE),
        "{{SUB_RAW}}": subscribe(
            "sqs", QUEUE + "-raw", RawMessageDelivery="true", FilterPolicy='{"color":["red"]}'
        ),
        "{{SUB_PENDING}}": subscribe("https", "https://example.com/hook"),
        "{{SUB_FIFO}}": subscribe("sqs", QUEUE + ".fifo", FIFO_TOPIC),
    }
    values["{{TOKEN}}"] = ""
    for delivery in fake.deliveries:
        if delivery.message_type == "SubscriptionConfirmation":
            values["{{TOKEN}}"] = str(delivery.extra["token"])
    values["{{TOKEN_UPPER}}"] = values["{{TOKEN}}"].upper()
    subscribe("email-json", "user@example.com")
    subscribe("sms", PHONE)
    # In-process endpoints that fail, so deliveries retry (per delivery policy) and dead-letter.
    dead_letter = json.dumps({"deadLetterTargetArn": f"arn:aws:sqs:{REGION}:{ACCOUNT}:dlq"})
    fake.on_http("http://example.com/confirmed", lambda request: 500)
    fake.on_lambda(f"arn:aws:lambda:{REGION}:{ACCOUNT}:function:f", _failing_lambda)
    values["{{SUB_LAMBDA}}"] = subscribe(
        "lambda", f"arn:aws:lambda:{REGION}:{ACCOUNT}:function:f", RedrivePolicy=dead_letter
    )
    subscribe(
        "firehose",
        f"arn:aws:firehose:{REGION}:{ACCOUNT}:deliverystream/s",
        SubscriptionRoleArn=f"arn:aws:iam::{ACCOUNT}:role/r",
    )
    values["{{SUB_HTTP}}"] = subscribe("http", "http://example.com/confirmed", RedrivePolicy=dead_letter)
    fake.confirm(values["{{SUB_HTTP}}"])
    fake.confirm(subscribe("email", "mail@example.com"))
    values["{{SUB_OTHER}}"] = str(
        _ok(
            fake,
            "Subscribe",
            {
                "TopicArn": f"arn:aws:sns:{REGION}:{OTHER_ACCOUNT}:fuzz",
                "Protocol": "sqs",
                "Endpoint": f"arn:aws:sqs:{REGION}:{OTHER_ACCOUNT}:q",
            },
            REGION,
            OTHER_ACCOUNT,
        )["SubscriptionArn"]
    )

    _ok(
        fake,
        "CreatePlatformApplication",
        {"Name": "fuzzapp", "Platform": "GCM", "Attributes": {"PlatformCredential": "key"}},
    )
    values["{{ENDPOINT}}"] = str(
        _ok(fake, "CreatePlatformEndpoint", {"PlatformApplicationArn": APP, "Token": "device"})["EndpointArn"]
    )
    subscribe("application", values["{{ENDPOINT}}"])
    _ok(
        fake,
        "CreatePlatformApplication",
        {
            "Name": "apple",
            "Platform": "APNS",
            "Attributes": {"PlatformCredential": "c", "PlatformPrincipal": "p"},
        },
    )
    values["{{ENDPOINT_OTHER}}"] = str(
        _ok(
            fake,
            "CreatePlatformEndpoint",
            {
                "PlatformApplicationArn": f"arn:aws:sns:{REGION}:{ACCOUNT}:app/APNS/apple",
                "Token": "ABCDEF0123",
                "Attributes": {"Enabled": "false"},
            },
        )["EndpointArn"]
    )

    _ok(fake, "SetSMSAttributes", {"attributes": {"MonthlySpendLimit": "100"}})
    _ok(fake, "CreateSMSSandboxPhoneNumber", {"PhoneNumber": PHONE})
    _ok(
        fake,
        "VerifySMSSandboxPhoneNumber",
        {"PhoneNumber": PHONE, "OneTimePassword": fake.sandbox_password(PHONE)},
    )
    # Verified two days ago, so DeleteSMSSandboxPhoneNumber may delete it.
    entry = fake.backend.region(ACCOUNT, REGION).sandbox_numbers.get(PHONE)
    assert entry is not None
    entry.last_attempt -= datetime.timedelta(days=2)
    _ok(fake, "CreateSMSSandboxPhoneNumber", {"PhoneNumber": UNVERIFIED_PHONE})
    values["{{OTP}}"] = fake.sandbox_password(UNVERIFIED_PHONE)
    fake.opt_out(OPTED_OUT_PHONE)
    fake.add_origination_number("+15555550199")
    return values


def substitute(value: Any, values: Mapping[str, str]) -> Any:
    if isinstance(value, str):
        if "{{" in value:
            for placeholder, real in values.items():
                value = value.replace(placeholder, real)
        return value
    if isinstance(value, dict):
        return {substitute(key, values): substitute(item, values) for key, item in value.items()}
    if isinstance(value, (list, tuple)):
        return type(value)(substitute(item, values) for item in value)
    return value


# --------------------------------------------------------------------------- the oracle
@dataclass(frozen=True)
class KnownBug:
    """A crash already reported to the owner of ``where`` and pinned by a strict xfail below.

    The fuzzers tolerate it so they keep looking for new ones; when it is fixed, its xfail
    test passes (strictly: fails) and this entry goes.
    """

    exception: type[BaseException]
    where: str  # "<file under snsfake/>:<function>" of the innermost snsfake frame

    def matches(self, error: BaseException) -> bool:
        return isinstance(error, self.exception) and _snsfake_frame(error) == self.where


KNOWN_BUGS: list[KnownBug] = []


def _snsfake_frame(error: BaseException) -> str:
    frames = [frame for frame in traceback.extract_tb(error.__traceback__) if "/snsfake/" in frame.filename]
    if not frames:
        return ""
    frame = frames[-1]
    return f"{frame.filename.rsplit('/snsfake/', 1)[1]}:{frame.name}"


def _known(error: BaseException) -> bool:
    return any(bug.matches(error) for bug in KNOWN_BUGS)


_LEAVES = (str, int, float, bytes, bool, type(None), datetime.datetime, datetime.timedelta)
_SLOT_NAMES: dict[type, list[str]] = {}


def _slot_names(kind: type) -> list[str]:
    names = _SLOT_NAMES.get(kind)
    if names is None:
        names = _SLOT_NAMES[kind] = [
            name
            for klass in kind.__mro__
            for name in getattr(klass, "__slots__", ())
            if name not in ("lock", "__weakref__", "__dict__")
        ]
    return names


def digest(value: Any, seen: set[int] | None = None) -> Any:
    """A comparable picture of the fake's state: every slot and attribute, recursively.

    Compiled filter policies are pictured by their source and scope; functions by name.
    """
    if isinstance(value, _LEAVES):
        return value
    seen = set() if seen is None else seen
    if isinstance(value, (list, tuple)):
        return [digest(item, seen) for item in value]
    if isinstance(value, dict):
        return {repr(key): digest(item, seen) for key, item in value.items()}
    if isinstance(value, (set, frozenset)):
        return sorted(repr(digest(item, seen)) for item in value)
    kind = type(value)
    if kind.__name__ == "FilterPolicy":
        return ("FilterPolicy", value.source, value.scope)
    if callable(value) and not hasattr(value, "__slots__"):
        return ("callable", getattr(value, "__qualname__", repr(value)))
    if id(value) in seen:
        return ("seen", kind.__name__)
    seen.add(id(value))
    fields = {name: digest(getattr(value, name), seen) for name in _slot_names(kind) if hasattr(value, name)}
    for name, item in getattr(value, "__dict__", {}).items():
        fields[name] = digest(item, seen)
    return (kind.__name__, fields)


_EMPTY_REGIONS: dict[tuple[str, str], Any] = {}


def state_of(fake: SnsFake) -> Any:
    """Regions that hold something (a failed call may create an empty one: nothing observable)."""
    from snsfake.state import Region

    regions = {}
    for key, region in fake.backend.regions.items():
        empty = _EMPTY_REGIONS.get(key)
        if empty is None:
            empty = _EMPTY_REGIONS[key] = digest(
                Region(region.account, region.name, region.partition, region.dns_suffix)
            )
        picture = digest(region)
        if picture != empty:
            regions[key] = picture
    records = (
        len(fake.published),
        len(fake.deliveries),
        len(fake.skipped),
        len(fake.data_protection_findings),
    )
    return regions, records


_last_state: list[Any] = [None, None]  # [fake, its state after the last call()]

# A failed call may change this, as AWS does (documented where it happens).
_FAILED_CALLS_THAT_CHANGE_STATE = {
    "VerifySMSSandboxPhoneNumber",  # a wrong password still restarts the 24-hour delete clock
}


def call(
    operation: str, params: dict[str, Any], client_name: str = "default", *, tolerate_known: bool = True
) -> None:
    """Make one call; fail on anything but AWS's errors (and, unless told otherwise, the known bugs)."""
    method = getattr(client(client_name), botocore.xform_name(operation))
    fake = snsfake.active()
    before = None
    if CHECK_ATOMICITY:
        # The state after the previous call of this fake is the state before this one.
        before = _last_state[1] if _last_state[0] is fake else state_of(fake)
        _last_state[:] = [None, None]
    try:
        method(**params)
    except ParamValidationError:
        if before is not None:
            _last_state[:] = [fake, before]
    except ClientError as error:
        fields = error.response.get("Error", {})
        code, message = fields.get("Code"), fields.get("Message")
        assert isinstance(code, str) and code, f"{operation}: ClientError without a Code: {error.response}"
        assert isinstance(message, str) and message, (
            f"{operation}: ClientError without a Message: {error.response}"
        )
        assert code != "InternalError" and not message.startswith("snsfake"), (
            f"{operation}: the fake gave up: {code}: {message}"
        )
        if before is not None:
            after = state_of(fake)
            if operation not in _FAILED_CALLS_THAT_CHANGE_STATE:
                assert after == before, (
                    f"{operation} failed ({code}: {message}) but changed state: " + _difference(before, after)
                )
            _last_state[:] = [fake, after]
    except Exception as error:
        if not (tolerate_known and _known(error)):
            raise
    else:
        if before is not None:
            _last_state[:] = [fake, state_of(fake)]


def _difference(before: Any, after: Any, path: str = "") -> str:
    """Where two state pictures first differ."""
    if type(before) is not type(after):
        return f"{path}: {_short(before)} -> {_short(after)}"
    if isinstance(before, dict):
        for key in sorted(set(before) | set(after)):
            if before.get(key) != after.get(key):
                return _difference(before.get(key), after.get(key), f"{path}/{key}")
    if isinstance(before, (list, tuple)) and len(before) == len(after):
        for index, (old, new) in enumerate(zip(before, after, strict=True)):
            if old != new:
                return _difference(old, new, f"{path}[{index}]")
    return f"{path}: {_short(before)} -> {_short(after)}"


def check_records(fake: SnsFake, start: int = 0) -> None:
    """Records must be readable: bodies (rendered lazily) render, reprs and descriptions work."""
    for delivery in fake.deliveries[start:]:
        try:
            assert isinstance(delivery.body, str)
        except Exception as error:
            if not _known(error):
                raise
        repr(delivery)
        delivery.describe()
    for item in (*fake.published, *fake.skipped, *fake.calls):
        repr(item)
    for skipped in fake.skipped:
        skipped.describe()
    status, _ = fake.handle("ListTopics", {}, REGION)
    assert status == 200


def run(calls: list[tuple[str, dict[str, Any], str]], render_seeded: bool = False) -> None:
    with snsfake.mock_sns() as fake:
        values = seed(fake)
        seeded = len(fake.deliveries)
        for operation, params, client_name in calls:
            call(operation, substitute(params, values), client_name)
        check_records(fake, 0 if render_seeded else seeded)
    assert snsfake.hooks.active_fakes() == []


# --------------------------------------------------------------------------- hypothesis
def test_every_operation_is_fuzzed() -> None:
    from snsfake.operations import OPERATIONS as HANDLERS

    assert len(OPERATIONS) == 42
    assert set(OPERATIONS) == set(HANDLERS) == set(BASELINES)


@pytest.mark.parametrize("operation", OPERATIONS)
def test_baselines_are_valid_calls(operation: str) -> None:
    """The calls the fuzzers mutate succeed, so mutations reach the code behind each check."""
    with snsfake.mock_sns() as fake:
        values = seed(fake)
        getattr(client("default"), botocore.xform_name(operation))(**substitute(BASELINES[operation], values))


@pytest.mark.parametrize("operation", OPERATIONS)
@FUZZ_SETTINGS
@given(data=st.data())
def test_only_aws_errors_escape(operation: str, data: st.DataObject) -> None:
    params = data.draw(params_for(operation), label="params")
    client_name = data.draw(CLIENTS, label="client")
    run([(operation, params, client_name)])


@st.composite
def _call(draw: Callable[..., Any]) -> tuple[str, dict[str, Any], str]:
    operation = draw(st.sampled_from(OPERATIONS))
    return operation, draw(params_for(operation)), draw(CLIENTS)


@settings(FUZZ_SETTINGS, max_examples=SEQUENCE_EXAMPLES)
@given(calls=st.lists(_call(), min_size=2, max_size=8))
def test_call_sequences_let_only_aws_errors_escape(calls: list[tuple[str, dict[str, Any], str]]) -> None:
    """State left by one odd call (a stored attribute, a weird subscription) must not break the next."""
    run(calls, render_seeded=True)


# --------------------------------------------------------------------------- systematic sweep
# Random search rarely lands on one exact bad value in one exact member. The sweep tries every
# value of a curated list in every string member and every known attribute of every operation,
# on top of its baseline call.
NASTY = [  # for every string value
    "",
    " ",
    "\x00",
    "\n",
    "é",
    "𝄞",
    "²",
    "١٢",
    "-1",
    "1e400",
    "nan",
    "9" * 5000,
    "x" * 257,
    "true",
    "null",
    "{}",
    "[]",
    "[",
    '{"a":',
    "[1]",
    DEEP[0],
    DEEP[1],
]
NASTY_ARNS = [  # and for ARN-ish members
    TOPIC,
    FIFO_TOPIC,
    f"arn:aws:sns:{REGION}:{ACCOUNT}",
    f"arn:aws:sns:eu-west-1:{ACCOUNT}:fuzz",
    "{{SUB}}",
    "{{SUB_FIFO}}",
    "{{ENDPOINT}}",
    APP,
    ":::::",
    "arn:aws:sns:us-east-1:123456789012:a/b/c",
]
HUGE = "a" * 300_000
MESSAGE_BODIES = [
    '{"color":"red","n":3,"a":{"b":{"c":"d"}},"ip":"10.0.0.1"}',
    '{"color":["red",1,null,true,{"x":1}],"n":[1e400]}',
    '{"n":1e400}',
    '{"n":NaN}',
    '{"color":' + "[" * 3000 + "]" * 3000 + "}",
    '{"a":' * 3000 + "1" + "}" * 3000,
    "[1]",
    "not json",
    "9" * 5000,
    '{"n":' + "9" * 5000 + "}",
]
PUBLISH_ATTRIBUTE_SETS: list[dict[str, Any]] = [
    {},
    {"color": {"DataType": "String", "StringValue": "red"}},
    {
        "color": {"DataType": "String", "StringValue": "blue"},
        "size": {"DataType": "String", "StringValue": "L"},
    },
    {"color": {"DataType": "String.Array", "StringValue": '["red",1,null,true]'}},
    {"color": {"DataType": "String.Array", "StringValue": '[["red"]]'}},
    {"n": {"DataType": "Number", "StringValue": "3"}},
    {"n": {"DataType": "Number", "StringValue": "9" * 400}},
    {"n": {"DataType": "Number", "StringValue": "1e308"}},
    {"n": {"DataType": "Number", "StringValue": "-0.0000001"}},
    {"n": {"DataType": "Number.int", "StringValue": "1_000"}},
    {"n": {"DataType": "String", "StringValue": "5"}},
    {"ip": {"DataType": "String", "StringValue": "10.0.0.1"}},
    {"ip": {"DataType": "String", "StringValue": "::1"}},
    {"ip": {"DataType": "String", "StringValue": "10.0.0.999"}},
    {"color": {"DataType": "Binary", "BinaryValue": b"red"}},
    {"a": {"DataType": "String", "StringValue": "x"}},
]


def _set(base: Mapping[str, Any], **changes: Any) -> dict[str, Any]:
    return {**base, **changes}


ATTRIBUTE_NAMES_FOR = {
    "CreateTopic": TOPIC_ATTRIBUTES,
    "SetTopicAttributes": TOPIC_ATTRIBUTES,
    "Subscribe": SUBSCRIPTION_ATTRIBUTES,
    "SetSubscriptionAttributes": SUBSCRIPTION_ATTRIBUTES,
    "CreatePlatformApplication": APPLICATION_ATTRIBUTES,
    "SetPlatformApplicationAttributes": APPLICATION_ATTRIBUTES,
    "CreatePlatformEndpoint": ENDPOINT_ATTRIBUTES,
    "SetEndpointAttributes": ENDPOINT_ATTRIBUTES,
    "SetSMSAttributes": SMS_ATTRIBUTES,
}


def _sweep_groups(operation: str) -> list[tuple[str, list[Any]]]:
    """(what is swept, calls) for one operation; each group runs on a freshly seeded fake."""
    base = BASELINES[operation]
    shape = MODEL.operation_model(operation).input_shape
    groups: list[tuple[str, list[Any]]] = []
    if shape is None:
        return [("no input", [{}])]
    members: dict[str, Any] = dict(shape.members)  # botocore Shapes (ListShape has .member)
    for name, member in members.items():
        kind = member.type_name
        specific = MEMBER_VALUES.get(name.lower(), [])
        own = ATTRIBUTE_NAMES_FOR.get(operation, [])
        others = [attribute for attribute in ALL_ATTRIBUTES if attribute not in own]
        if name == "AttributeName":
            groups.append(
                (
                    "other AttributeNames",
                    [_set(base, AttributeName=attribute, AttributeValue="x") for attribute in others + NASTY],
                )
            )
            for attribute in own:
                values = ATTRIBUTE_VALUES.get(attribute, []) + NASTY
                groups.append(
                    (
                        f"{name}={attribute}",
                        [_set(base, AttributeName=attribute, AttributeValue=value) for value in values],
                    )
                )
        elif kind == "string":
            groups.append(
                (name, [_set(base, **{name: value}) for value in specific + NASTY + NASTY_ARNS + [HUGE]])
            )
        elif kind == "map" and name.lower() == "attributes":
            for attribute in own:
                values = ATTRIBUTE_VALUES.get(attribute, []) + NASTY
                groups.append(
                    (
                        f"{name}.{attribute}",
                        [_set(base, **{name: {**base.get(name, {}), attribute: value}}) for value in values],
                    )
                )
            groups.append(
                (f"{name} keys", [_set(base, **{name: {key: "x"}}) for key in others + NASTY if key])
            )
        elif kind == "list" and member.member.type_name == "string":
            groups.append((name, [_set(base, **{name: [value]}) for value in specific + NASTY + NASTY_ARNS]))
        elif name == "Tags":
            groups.append(
                (
                    "Tags.Key",
                    [_set(base, Tags=[{"Key": key, "Value": "v"}]) for key in TAG_KEYS + NASTY if key],
                )
            )
            groups.append(
                ("Tags.Value", [_set(base, Tags=[{"Key": "k", "Value": value}]) for value in NASTY])
            )
            groups.append(
                (
                    "Tags dup",
                    [
                        _set(base, Tags=[{"Key": "k", "Value": "1"}, {"Key": "k", "Value": "2"}]),
                        _set(base, Tags=[{"Key": f"k{i}", "Value": "v"} for i in range(60)]),
                    ],
                )
            )
        elif kind == "integer":
            groups.append(
                (name, [_set(base, **{name: value}) for value in (1, 30, 31, 100, 101, 2**63, True)])
            )
        elif kind == "boolean":
            groups.append((name, [_set(base, **{name: value}) for value in (True, False)]))
    if operation in ("Publish", "PublishBatch"):
        groups.extend(_publish_groups(operation, base))
    if operation == "SetSubscriptionAttributes":
        publish = (
            "Publish",
            {
                "TopicArn": TOPIC,
                "Message": "m",
                "MessageAttributes": {
                    f"a{i}": {"DataType": "String", "StringValue": "red"} for i in range(11)
                },
            },
        )
        for raw in ("false", "true"):
            groups.append(
                (
                    f"DeliveryPolicy of a failing http endpoint (raw {raw}), then Publish",
                    [
                        (
                            "SetSubscriptionAttributes",
                            {
                                "SubscriptionArn": "{{SUB_HTTP}}",
                                "AttributeName": "RawMessageDelivery",
                                "AttributeValue": raw,
                            },
                        ),
                    ]
                    + [
                        call
                        for policy in DELIVERY_POLICIES + (NASTY if raw == "false" else [])
                        for call in (
                            (
                                "SetSubscriptionAttributes",
                                {
                                    "SubscriptionArn": "{{SUB_HTTP}}",
                                    "AttributeName": "DeliveryPolicy",
                                    "AttributeValue": policy,
                                },
                            ),
                            publish,
                            (
                                "SetTopicAttributes",
                                {
                                    "TopicArn": TOPIC,
                                    "AttributeName": "DeliveryPolicy",
                                    "AttributeValue": policy,
                                },
                            ),
                            publish,
                            ("GetSubscriptionAttributes", {"SubscriptionArn": "{{SUB_HTTP}}"}),
                            ("GetTopicAttributes", {"TopicArn": TOPIC}),
                        )
                    ],
                )
            )
        groups.append(
            (
                "RedrivePolicy of failing endpoints, then Publish",
                [
                    call
                    for arn in ("{{SUB_HTTP}}", "{{SUB_LAMBDA}}", "{{SUB_RAW}}")
                    for policy in REDRIVE_POLICIES + NASTY[:12]
                    for call in (
                        (
                            "SetSubscriptionAttributes",
                            {
                                "SubscriptionArn": arn,
                                "AttributeName": "RedrivePolicy",
                                "AttributeValue": policy,
                            },
                        ),
                        publish,
                    )
                ],
            )
        )
    return groups


def _publish_groups(operation: str, base: Mapping[str, Any]) -> list[tuple[str, list[dict[str, Any]]]]:
    if operation == "Publish":

        def make(**entry: Any) -> dict[str, Any]:
            return {"TopicArn": TOPIC, "Message": "hello", **entry}
    else:

        def make(**entry: Any) -> dict[str, Any]:
            topic = entry.pop("TopicArn", TOPIC)
            for key in ("TargetArn", "PhoneNumber"):
                entry.pop(key, None)
            return {
                "TopicArn": topic,
                "PublishBatchRequestEntries": [{"Id": "1", "Message": "hello", **entry}],
            }

    attribute_names = [
        make(MessageAttributes={name: {"DataType": "String", "StringValue": "x"}})
        for name in MESSAGE_ATTRIBUTE_NAMES + [n for n in NASTY if n]
    ]
    attribute_values = [
        make(MessageAttributes={"a": {"DataType": data_type, "StringValue": value}})
        for data_type in DATA_TYPES
        for value in (
            STRING_VALUES + NASTY if data_type in ("String", "Number", "String.Array") else STRING_VALUES[:8]
        )
    ] + [
        make(MessageAttributes={"a": {"DataType": data_type, "BinaryValue": value}})
        for data_type in ("Binary", "Binary.x", "String")
        for value in (b"", b"x", "x", b"\xff" * 10, "é")
    ]
    reserved = [
        make(
            TargetArn=target,
            MessageAttributes={name: {"DataType": "String", "StringValue": value}},
            **({"TopicArn": None} if target else {}),
        )
        for target in (None, "{{ENDPOINT}}")
        for name, values in MESSAGE_ATTRIBUTE_VALUES.items()
        for value in values + NASTY[:12]
    ]
    reserved = [{k: v for k, v in params.items() if v is not None} for params in reserved]
    structured = [
        make(Message=message, MessageStructure="json", **target)
        for target in (
            {},
            {"TopicArn": None, "TargetArn": "{{ENDPOINT}}"},
            {"TopicArn": None, "TargetArn": "{{ENDPOINT_OTHER}}"},
            {"TopicArn": None, "PhoneNumber": PHONE},
        )
        for message in STRUCTURED_MESSAGES + MESSAGE_BODIES + NASTY
    ]
    structured = [{k: v for k, v in params.items() if v is not None} for params in structured]
    fifo = [
        make(TopicArn=FIFO_TOPIC, MessageGroupId=group, MessageDeduplicationId=dedup)
        for group in ["g", "g" * 128, "g" * 129, "", "é", " ", "\x7f"]
        for dedup in ["d", "d" * 129, "", "é"]
    ] + [make(TopicArn=FIFO_TOPIC, MessageGroupId="g", Message=message) for message in NASTY if message]
    messages = [
        make(Message=message, Subject=subject)
        for message in NASTY + MESSAGE_BODIES + ["x" * 262_144, "x" * 262_145]
        for subject in ("s", "s" * 101)
    ]
    phones = [
        make(TopicArn=None, PhoneNumber=phone, Message=message)
        for phone in PHONES + NASTY[:8]
        for message in ("hi", "é" * 200, "{" * 500)
    ]
    phones = [{k: v for k, v in params.items() if v is not None} for params in phones]
    groups = [
        ("message attribute names", attribute_names),
        ("message attribute values", attribute_values),
        ("reserved message attributes", reserved),
        ("MessageStructure json", structured),
        ("FIFO ids", fifo),
        ("messages", messages),
    ]
    if operation == "Publish":
        groups.append(("phone numbers", phones))
    else:
        groups.append(
            (
                "batch entries",
                [
                    {"TopicArn": TOPIC, "PublishBatchRequestEntries": entries}
                    for entries in (
                        [{"Id": str(i), "Message": "m"} for i in range(11)],
                        [{"Id": "a", "Message": "m"}, {"Id": "a", "Message": "m"}],
                        [{"Id": "a", "Message": ""}, {"Id": "b", "Message": "m", "Subject": "\n"}],
                        [{"Id": str(i), "Message": "x" * 30_000} for i in range(10)],
                        [{"Id": "é", "Message": "m"}],
                    )
                ],
            )
        )
    return groups


def _filter_groups() -> list[tuple[str, list[tuple[str, dict[str, Any]]]]]:
    """Subscribe with each filter policy (both scopes), then publish attributes or bodies at it."""
    topic = f"arn:aws:sns:{REGION}:{ACCOUNT}:filtered"
    groups = []
    for policy in FILTER_POLICIES + DEEP[:3]:
        for scope in ("MessageAttributes", "MessageBody"):
            calls: list[tuple[str, dict[str, Any]]] = [
                ("CreateTopic", {"Name": "filtered"}),
                (
                    "Subscribe",
                    {
                        "TopicArn": topic,
                        "Protocol": "sqs",
                        "Endpoint": QUEUE + "-filtered",
                        "Attributes": {"FilterPolicy": policy, "FilterPolicyScope": scope},
                    },
                ),
            ]
            if scope == "MessageAttributes":
                calls += [
                    ("Publish", {"TopicArn": topic, "Message": "m", "MessageAttributes": attributes})
                    for attributes in PUBLISH_ATTRIBUTE_SETS
                ]
            else:
                calls += [("Publish", {"TopicArn": topic, "Message": body}) for body in MESSAGE_BODIES]
            calls += [
                (
                    "SetSubscriptionAttributes",
                    {"SubscriptionArn": "{{SUB}}", "AttributeName": name, "AttributeValue": value},
                )
                for name, value in (("FilterPolicyScope", scope), ("FilterPolicy", policy))
            ]
            groups.append((f"{scope} {policy[:60]}", calls))
    return groups


def _sweep(groups: list[tuple[str, list[tuple[str, dict[str, Any]]]]]) -> None:
    failures: dict[tuple[str, str], str] = {}
    for label, calls in groups:
        with snsfake.mock_sns() as fake:
            values = seed(fake)
            seeded = len(fake.deliveries)
            for operation, params in calls:
                try:
                    call(operation, substitute(params, values))
                except Exception as error:  # collect, so one run lists every distinct failure
                    key = (type(error).__name__, _snsfake_frame(error))
                    failures.setdefault(key, f"{label}: {operation}({_short(params)}) -> {error!r:.300}")
            try:
                check_records(fake, seeded)
            except Exception as error:
                key = (type(error).__name__, _snsfake_frame(error))
                failures.setdefault(key, f"{label}: reading records -> {error!r:.300}")
    assert not failures, "\n".join(f"{kind} at {where}: {text}" for (kind, where), text in failures.items())


def _short(value: Any) -> str:
    text = repr(value)
    return text if len(text) <= 300 else text[:300] + f"... ({len(text)} chars)"


@pytest.mark.parametrize("operation", OPERATIONS)
def test_sweep_only_aws_errors_escape(operation: str) -> None:
    _sweep(
        [
            (
                f"{operation} {label}",
                [item if isinstance(item, tuple) else (operation, item) for item in calls],
            )
            for label, calls in _sweep_groups(operation)
        ]
    )


def test_sweep_filter_policies_against_publishes() -> None:
    _sweep(_filter_groups())


# --------------------------------------------------------------------------- found by fuzzing
# Inputs that once let a Python exception escape; each must now be answered with an AWS error.
_DEEP_ARRAY = "[" * 5000 + "]" * 5000


def _found(
    name: str,
    operation: str,
    params: dict[str, Any],
    error: type[BaseException],
    where: str,
    *then: tuple[str, dict[str, Any]],
) -> Any:
    # Once a Python ``error`` escaped from snsfake/``where``; now only AWS errors may.
    calls = [(operation, params), *then]
    return pytest.param(calls, id=name)


FOUND = [
    _found(
        "MaximumMessageSize-superscript-two",
        "SetTopicAttributes",
        {"TopicArn": TOPIC, "AttributeName": "MaximumMessageSize", "AttributeValue": "²"},
        ValueError,
        "operations/topics.py:_int_in",
    ),
    _found(
        "MaximumMessageSize-5000-digits",
        "SetTopicAttributes",
        {"TopicArn": TOPIC, "AttributeName": "MaximumMessageSize", "AttributeValue": "9" * 5000},
        ValueError,
        "operations/topics.py:_int_in",
    ),
    _found(
        "SampleRate-superscript-in-CreateTopic",
        "CreateTopic",
        {"Name": "t", "Attributes": {"SQSSuccessFeedbackSampleRate": "²"}},
        ValueError,
        "operations/topics.py:_int_in",
    ),
    _found(
        "ArchivePolicy-superscript-period",
        "SetTopicAttributes",
        {
            "TopicArn": FIFO_TOPIC,
            "AttributeName": "ArchivePolicy",
            "AttributeValue": '{"MessageRetentionPeriod":"²"}',
        },
        ValueError,
        "operations/topics.py:_int_in",
    ),
    _found(
        "DeliveryPolicy-deeply-nested",
        "SetTopicAttributes",
        {"TopicArn": TOPIC, "AttributeName": "DeliveryPolicy", "AttributeValue": _DEEP_ARRAY},
        RecursionError,
        "delivery_policy.py:_parse",
    ),
    _found(
        "subscription-DeliveryPolicy-deeply-nested",
        "Subscribe",
        {
            "TopicArn": TOPIC,
            "Protocol": "https",
            "Endpoint": "https://example.com/deep",
            "Attributes": {"DeliveryPolicy": _DEEP_ARRAY},
        },
        RecursionError,
        "delivery_policy.py:_parse",
    ),
    _found(
        "String.Array-deeply-nested",
        "Publish",
        {
            "TopicArn": TOPIC,
            "Message": "m",
            "MessageAttributes": {"a": {"DataType": "String.Array", "StringValue": _DEEP_ARRAY}},
        },
        RecursionError,
        "operations/publish.py (its former String.Array value check)",
    ),
    _found(
        "RedrivePolicy-deeply-nested-in-Subscribe",
        "Subscribe",
        {
            "TopicArn": TOPIC,
            "Protocol": "sqs",
            "Endpoint": QUEUE + "-deep",
            "Attributes": {"RedrivePolicy": _DEEP_ARRAY},
        },
        RecursionError,
        "operations/subscriptions.py:_check_redrive_policy",
    ),
    _found(
        "RedrivePolicy-deeply-nested",
        "SetSubscriptionAttributes",
        {"SubscriptionArn": "{{SUB}}", "AttributeName": "RedrivePolicy", "AttributeValue": _DEEP_ARRAY},
        RecursionError,
        "operations/subscriptions.py:_check_redrive_policy",
    ),
    _found(
        "subscription-requestPolicy-not-an-object",
        "SetSubscriptionAttributes",
        {
            "SubscriptionArn": "{{SUB_HTTP}}",
            "AttributeName": "DeliveryPolicy",
            "AttributeValue": '{"requestPolicy":5}',
        },
        AttributeError,
        "delivery.py:deliver",
        ("Publish", {"TopicArn": TOPIC, "Message": "m"}),
    ),
    _found(
        "topic-defaultRequestPolicy-not-an-object",
        "SetTopicAttributes",
        {
            "TopicArn": TOPIC,
            "AttributeName": "DeliveryPolicy",
            "AttributeValue": '{"http":{"defaultRequestPolicy":"x"}}',
        },
        AttributeError,
        "delivery.py:deliver",
        ("Publish", {"TopicArn": TOPIC, "Message": "m"}),
    ),
]


@pytest.mark.parametrize("calls", FOUND)
def test_found_by_fuzzing(calls: list[tuple[str, dict[str, Any]]]) -> None:
    with snsfake.mock_sns() as fake:
        values = seed(fake)
        for operation, params in calls:
            call(operation, substitute(params, values), tolerate_known=False)


# Fixed in this change (files this task could edit): kept as plain regressions.
FIXED = [
    ("SetSMSAttributes", {"attributes": {"MonthlySpendLimit": "²"}}),
    ("SetSMSAttributes", {"attributes": {"MonthlySpendLimit": "9" * 5000}}),
    ("SetSMSAttributes", {"attributes": {"DeliveryStatusSuccessSamplingRate": "²"}}),
    ("SetSMSAttributes", {"attributes": {"DeliveryStatusSuccessSamplingRate": "1" + "0" * 5000}}),
    (
        "SetPlatformApplicationAttributes",
        {"PlatformApplicationArn": APP, "Attributes": {"SuccessFeedbackSampleRate": "²"}},
    ),
    (
        "CreatePlatformApplication",
        {
            "Name": "a",
            "Platform": "GCM",
            "Attributes": {"PlatformCredential": "k", "SuccessFeedbackSampleRate": "9" * 5000},
        },
    ),
    (
        "Publish",
        {
            "TargetArn": "{{ENDPOINT}}",
            "Message": "m",
            "MessageAttributes": {"AWS.SNS.MOBILE.GCM.TTL": {"DataType": "String", "StringValue": "²"}},
        },
    ),
    (
        "Publish",
        {
            "TargetArn": "{{ENDPOINT}}",
            "Message": "m",
            "MessageAttributes": {"AWS.SNS.MOBILE.FCM.TTL": {"DataType": "String", "StringValue": "--5"}},
        },
    ),
    (
        "Publish",
        {
            "TargetArn": "{{ENDPOINT}}",
            "Message": "m",
            "MessageAttributes": {
                "AWS.SNS.MOBILE.GCM.TTL": {"DataType": "Number", "StringValue": "9" * 5000}
            },
        },
    ),
    (
        "SetPlatformApplicationAttributes",
        {"PlatformApplicationArn": APP, "Attributes": {"PlatformCredential": _DEEP_ARRAY}},
    ),
    ("ListTopics", {"NextToken": base64.urlsafe_b64encode(b"topics:" + b"9" * 5000).decode()}),
]


@pytest.mark.parametrize(("operation", "params"), FIXED, ids=[f"{op}-{i}" for i, (op, _) in enumerate(FIXED)])
def test_fixed_crashes_stay_fixed(operation: str, params: dict[str, Any]) -> None:
    with snsfake.mock_sns() as fake:
        values = seed(fake)
        call(operation, substitute(params, values), tolerate_known=False)
        # The platform application's view parses its credential: it must survive a deeply nested one.
        call("GetPlatformApplicationAttributes", {"PlatformApplicationArn": APP}, tolerate_known=False)
        call("ListPlatformApplications", {}, tolerate_known=False)
        check_records(fake)


def test_the_oracle_catches_a_failed_call_that_changed_state(monkeypatch: pytest.MonkeyPatch) -> None:
    """The atomicity check itself works: a handler that writes, then fails, is caught."""
    from snsfake.errors import invalid_parameter
    from snsfake.operations import OPERATIONS as HANDLERS

    def half_done(context: Any, params: Mapping[str, Any]) -> dict[str, Any]:
        topic = context.state.topics.get(params["TopicArn"])
        topic.attributes["DisplayName"] = "half done"
        raise invalid_parameter("AttributeName")

    monkeypatch.setitem(HANDLERS, "SetTopicAttributes", half_done)
    with snsfake.mock_sns() as fake:
        seed(fake)
        with pytest.raises(AssertionError, match=r"failed .* but changed state: .*DisplayName"):
            call("SetTopicAttributes", {"TopicArn": TOPIC, "AttributeName": "x", "AttributeValue": "y"})
