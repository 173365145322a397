"""What every e-mail of the product shares."""


def single_line(text: str) -> str:
    """Subjects are one line by construction: they are made of what people typed (interview
    and position titles, company names), and a line break in a header makes the mail library
    refuse the whole message (it would be a header injection otherwise)."""
    return " ".join(text.split())
