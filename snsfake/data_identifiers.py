"""Managed data identifiers for message data protection: the names AWS accepts in a
DataProtectionPolicy, and the detectors snsfake runs for the ones it finds (``DETECTED``)."""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass

__all__ = ["DETECTED", "DETECTORS", "Detector", "KEYWORD_DISTANCE", "MANAGED_IDENTIFIERS"]

# Keywords count when they are within this many characters of the data (AWS: "in proximity"; unconfirmed).
KEYWORD_DISTANCE = 50


def _regional(name: str, codes: str) -> list[str]:
    return [f"{name}-{code}" for code in codes.split()]


# AWS doc "Sensitive data types" (Credentials, Devices, Financial, PHI, PII), the ARN lists.
# fmt: off
MANAGED_IDENTIFIERS = frozenset(
    [
        "AwsSecretKey", "OpenSshPrivateKey", "PgpPrivateKey", "PkcsPrivateKey", "PuttyPrivateKey",
        "IpAddress",
        *_regional("BankAccountNumber", "DE ES FR GB IT US"),
        "CreditCardExpiration", "CreditCardNumber", "CreditCardSecurityCode",
        "DrugEnforcementAgencyNumber-US", "HealthInsuranceCardNumber-EU", "HealthInsuranceClaimNumber-US",
        "HealthInsuranceNumber-FR", "HealthcareProcedureCode-US", "NationalInsuranceNumber-GB",
        "NationalProviderId-US", "MedicareBeneficiaryNumber-US", "NationalDrugCode-US", "NhsNumber-GB",
        "PersonalHealthNumber-CA",
        "Address", "CepCode-BR", "Cnpj-BR", "CpfCode-BR", "DateOfBirth",
        *_regional(
            "DriversLicense",
            "AT AU BE BG CA CY CZ DE DK EE ES FI FR GB GR HR HU IE IT LT LU LV MT NL PL PT RO SE SI SK US",
        ),
        "ElectoralRollNumber-GB", "EmailAddress", "IndividualTaxIdentificationNumber-US", "InseeCode-FR",
        "LatLong", "Name", *_regional("NationalIdentificationNumber", "DE ES IT"), "NieNumber-ES", "NifNumber-ES",
        *_regional("PassportNumber", "CA DE ES FR GB IT US"), "PermanentResidenceNumber-CA",
        "PhoneNumber", *_regional("PhoneNumber", "BR DE ES FR GB IT US"), "PostalCode-CA", "RgNumber-BR",
        "SocialInsuranceNumber-CA", *_regional("Ssn", "ES US"), *_regional("TaxId", "DE ES FR GB"),
        "VehicleIdentificationNumber", "ZipCode-US",
    ]
)
# fmt: on


def _keywords(*words: str) -> re.Pattern[str]:
    """AWS's keyword rule: case-insensitive; a space also matches nothing, ``_`` or ``-``."""
    alternatives = sorted((re.escape(word).replace(r"\ ", "[ _-]?") for word in words), key=len, reverse=True)
    return re.compile(r"(?<![A-Za-z0-9])(?:" + "|".join(alternatives) + r")(?![A-Za-z0-9])", re.IGNORECASE)


@dataclass(frozen=True, slots=True)
class Detector:
    pattern: re.Pattern[str]
    keywords: re.Pattern[str] | None = None
    # A match passing this check needs no keyword (a phone number with its country code).
    keyword_free: Callable[[re.Match[str]], bool] | None = None
    valid: Callable[[str], bool] | None = None

    def find(self, text: str) -> list[tuple[int, int]]:
        spans = []
        for match in self.pattern.finditer(text):
            if self.valid is not None and not self.valid(match.group()):
                continue
            if self.keywords is not None and not (self.keyword_free is not None and self.keyword_free(match)):
                start, end = match.span()
                if (
                    self.keywords.search(text, max(0, start - KEYWORD_DISTANCE), end + KEYWORD_DISTANCE)
                    is None
                ):
                    continue
            spans.append(match.span())
        return spans


# Test numbers card issuers reserve, which AWS never reports (AWS doc "Sensitive data types: Financial").
# fmt: off
_TEST_CARDS = frozenset(
    {
        "122000000000003", "2222405343248877", "2222990905257051", "2223007648726984", "2223577120017656",
        "30569309025904", "34343434343434", "3528000700000000", "3530111333300000", "3566002020360505",
        "36148900647913", "36700102000000", "371449635398431", "378282246310005", "378734493671000",
        "38520000023237", "4012888888881881", "4111111111111111", "4222222222222", "4444333322221111",
        "4462030000000000", "4484070000000000", "4911830000000", "4917300800000000", "4917610000000000",
        "4917610000000000003", "5019717010103742", "5105105105105100", "5111010030175156", "5185540810000019",
        "5200828282828210", "5204230080000017", "5204740009900014", "5420923878724339", "5454545454545454",
        "5455330760000018", "5506900490000436", "5506900490000444", "5506900510000234", "5506920809243667",
        "5506922400634930", "5506927427317625", "5553042241984105", "5555553753048194", "5555555555554444",
        "5610591081018250", "6011000990139424", "6011000400000000", "6011111111111117", "630490017740292441",
        "630495060000000000", "6331101999990016", "6759649826438453", "6799990100000000019", "76009244561",
    }
)
# fmt: on
# American Express, Dankort, Diners Club, Discover, Electron, JCB, Mastercard, UnionPay, Visa.
_CARD_PREFIX = re.compile(
    r"^(?:3[47]|5019|30[0-5]|3[689]|6011|64[4-9]|65|35(?:2[89]|[3-8]\d)|5[1-5]|2(?:2[2-9]|[3-6]\d|7[01]|720)|62|4)"
)


def _luhn(digits: str) -> bool:
    total = 0
    for index, char in enumerate(reversed(digits)):
        value = ord(char) - 48
        if index % 2:
            value = value * 2 - 9 if value > 4 else value * 2
        total += value
    return total % 10 == 0


def _card(text: str) -> bool:
    digits = re.sub(r"[ -]", "", text)
    return (
        13 <= len(digits) <= 19
        and digits not in _TEST_CARDS
        and bool(_CARD_PREFIX.match(digits))
        and _luhn(digits)
    )


DETECTORS: dict[str, Detector] = {
    "EmailAddress": Detector(
        re.compile(
            r"(?<![A-Za-z0-9._%+-])[A-Za-z0-9._%+-]+@[A-Za-z0-9-]+(?:\.[A-Za-z0-9-]+)*\.[A-Za-z]{2,}(?![A-Za-z0-9-])"
        )
    ),
    "CreditCardNumber": Detector(
        re.compile(
            r"(?<![\d-])(?:\d{13,19}|\d{4}([ -])\d{4}\1\d{4}\1\d{1,7}|\d{4}([ -])\d{6}\2\d{4,5})(?![\d-])"
        ),
        keywords=_keywords(
            "account number",
            "american express",
            "amex",
            "bank card",
            "card",
            "card num",
            "card number",
            "cc #",
            "ccn",
            "check card",
            "credit",
            "credit card#",
            "dankort",
            "debit",
            "debit card",
            "diners club",
            "discover",
            "electron",
            "elo verification code",
            "japanese card bureau",
            "jcb",
            "mastercard",
            "mc",
            "pan",
            "payment account number",
            "payment card number",
            "pcn",
            "union pay",
            "visa",
        ),
        valid=_card,
    ),
    "PhoneNumber-US": Detector(
        re.compile(r"(?<![\d+])(\+1[ .-]?)?(?:\([2-9]\d{2}\)|[2-9]\d{2})[ .-]?[2-9]\d{2}[ .-]?\d{4}(?!\d)"),
        keywords=_keywords(
            "cell",
            "contact",
            "fax",
            "fax number",
            "mobile",
            "phone",
            "phone number",
            "tel",
            "telephone",
            "telephone number",
        ),
        keyword_free=lambda match: match.group(1) is not None,
    ),
    "AwsSecretKey": Detector(
        re.compile(r"(?<![A-Za-z0-9/+])[A-Za-z0-9/+]{40}(?![A-Za-z0-9/+=])"),
        keywords=_keywords(
            "aws_secret_access_key", "credentials", "secret access key", "secret key", "set-awscredential"
        ),
    ),
    "Ssn-US": Detector(
        re.compile(r"(?<![\d-])(?!000|666|9\d\d)\d{3}-(?!00)\d{2}-(?!0000)\d{4}(?![\d-])"),
        keywords=_keywords("social security", "ss#", "ssn"),
    ),
    "IpAddress": Detector(
        re.compile(
            r"(?<![\d.])(?:(?:25[0-5]|2[0-4]\d|1\d\d|[1-9]?\d)\.){3}(?:25[0-5]|2[0-4]\d|1\d\d|[1-9]?\d)(?!\.?\d)"
        )
    ),
}
# The managed data identifiers snsfake detects.
DETECTED = frozenset(DETECTORS)


