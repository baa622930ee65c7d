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
fuzzers found is kept as a regression; ``KNOWN_BUGS`` lists crashes to tolerate
while a fix is pending (none today).

Where it lives: the two hypothesis searches here, the sweep in test_fuzz_sweep.py,
the regressions in test_fuzz_regressions.py; the value pools in fuzz_values.py, the
strategies and baseline calls in strategies.py, the seeded fake and the oracles in
fuzz_harness.py.

The default example counts keep these files well under a minute in CI. A long run::

    SNSFAKE_FUZZ_EXAMPLES=2000 python -m pytest tests/test_fuzz.py -q -p no:cacheprovider

(``SNSFAKE_FUZZ_EXAMPLES`` is the number of examples per operation, and of call
sequences.)
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import botocore.session
import pytest
from fuzz_harness import CLIENTS, client, run, seed, substitute
from hypothesis import given, settings
from hypothesis import strategies as st
from strategies import BASELINES, FUZZ_SETTINGS, OPERATIONS, SEQUENCE_EXAMPLES, params_for

import snsfake


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
