"""Every form renders a checkbox inside its label, on one line with its text; other fields
render as Django renders them."""

from django import forms


class Sample(forms.Form):
    name = forms.CharField(label="Name", help_text="As on the passport.")
    remote = forms.BooleanField(label="Remote work possible", help_text="Or hybrid.")


def test_a_checkbox_sits_inside_its_label_and_keeps_its_help():
    html = Sample().as_div()
    assert (
        '<label for="id_remote"><input type="checkbox" name="remote" required '
        'aria-describedby="id_remote_helptext" id="id_remote"> Remote work possible</label>'
    ) in html
    assert '<div class="helptext" id="id_remote_helptext">Or hybrid.</div>' in html
    assert "Remote work possible:" not in html


def test_other_fields_render_as_django_renders_them():
    html = Sample().as_div()
    assert '<label for="id_name">Name:</label>' in html
    assert html.index('id="id_name_helptext"') < html.index('<input type="text" name="name"')


def test_a_checkbox_error_is_shown_with_it():
    form = Sample(data={"name": "Ada"})
    assert not form.is_valid()
    remote = form.as_div().split('id="id_remote"')[1]
    assert "This field is required." in remote
