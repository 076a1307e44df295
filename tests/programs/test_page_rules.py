"""Page-type rules: where each page type may live, and what deleting a program refuses."""

import pytest
from django.db.models import ProtectedError
from wagtail.models import Page

from parentsite.models import AccessibilityStatementPage, HomePage, StandardPage
from programs.models import ProgramIndexPage, ProgramPage
from tests.factories import ProgramPageFactory, StandardPageFactory


def test_program_page_lives_only_under_a_program_index(site_pages):
    home, index = site_pages
    standard = StandardPageFactory(parent=home, slug="om-oss")
    assert ProgramPage.can_create_at(index)
    assert not ProgramPage.can_create_at(home)
    assert not ProgramPage.can_create_at(standard)
    assert ProgramPage.allowed_parent_page_models() == [ProgramIndexPage]
    assert ProgramPage.allowed_subpage_models() == []


def test_program_index_lives_only_under_the_home_page_once(site_pages):
    home, index = site_pages
    standard = StandardPageFactory(parent=home, slug="om-oss")
    assert ProgramIndexPage.allowed_parent_page_models() == [HomePage]
    assert not ProgramIndexPage.can_create_at(standard)
    assert not ProgramIndexPage.can_create_at(index)
    # max_count_per_parent = 1: the home page already has its index.
    assert not ProgramIndexPage.can_create_at(home)
    assert ProgramIndexPage.allowed_subpage_models() == [ProgramPage]


def test_home_and_standard_page_rules(site_pages):
    home, index = site_pages
    root = Page.get_first_root_node()
    assert set(HomePage.allowed_subpage_models()) == {
        ProgramIndexPage,
        StandardPage,
        AccessibilityStatementPage,
    }
    assert not HomePage.can_create_at(index)
    assert not HomePage.can_create_at(home)
    assert HomePage.allowed_parent_page_models() == [Page]
    assert StandardPage.can_create_at(home)
    assert not StandardPage.can_create_at(index)
    assert not StandardPage.can_create_at(root)
    # One accessibility statement per municipality, right below its home page.
    assert AccessibilityStatementPage.can_create_at(home)
    assert not AccessibilityStatementPage.can_create_at(index)
    assert AccessibilityStatementPage.allowed_subpage_models() == []


def test_deleting_a_program_with_offerings_is_refused(program_index, make_offering):
    offering = make_offering(sessions=2)
    program = offering.program
    with pytest.raises(ProtectedError):
        program.delete()
    assert ProgramPage.objects.filter(pk=program.pk).exists()


def test_deleting_a_program_without_offerings_works(program_index):
    program = ProgramPageFactory(parent=program_index)
    program.delete()
    assert not ProgramPage.objects.filter(pk=program.pk).exists()
