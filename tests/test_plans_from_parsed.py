"""The seed plan, parsed, becomes a draft Plan with 6 groups, 26 tasks and 5 duties."""

from pathlib import Path

from trienkhai.lib.docparse import parse_text
from trienkhai.plans.workflow import create_plan_from_parsed

from .world import World

SEED = Path(__file__).resolve().parents[1] / "trienkhai" / "documents" / "data" / "seed-27-KH-LDLD.txt"


class PlanFromParsedTests(World):
    def test_seed_becomes_plan_with_groups_tasks_and_duties(self):
        parsed = parse_text(SEED.read_text(encoding="utf-8"))
        plan = create_plan_from_parsed(parsed=parsed, owner_unit=self.commune, user=self.officer_minh)
        self.assertEqual(plan.number, "27/KH-LĐLĐ")
        self.assertEqual(str(plan.issued_on), "2024-08-08")
        self.assertEqual([g.tasks.count() for g in plan.groups.all()], [6, 6, 3, 4, 3, 4])
        self.assertEqual(plan.duties.count(), 5)
        self.assertEqual(plan.duties.filter(unit_kind="grassroots").count(), 2)
        self.assertEqual(len(plan.purposes), 3)
        self.assertEqual(plan.status, "draft")
