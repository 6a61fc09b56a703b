"""The editorial workflow: who may do what, and what must be true before a story goes live.

The groups, their permissions and the "Editorial review" workflow are created
by the data migration `news/migrations/0003_editorial_workflow.py`. This
package holds what runs in the admin:

- `rules`: the syndication rule (partner, original URL, licensing notice) a
  story must meet before it is submitted, approved or published;
- `forms`: the article editor form that applies the rule to those actions,
  naming the missing fields, while drafts still save;
- `views`: the approve/reject action URL, which applies the rule to approvals
  made outside the editor (dashboard, page header, moderation lists);
- `upcoming`: the "Upcoming" admin view of scheduled and waiting stories.
"""

EDITORS = "Editors"
REVIEWERS = "Reviewers"
WORKFLOW_NAME = "Editorial review"
