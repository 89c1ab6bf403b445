"""The standard question set of the annual satisfaction survey (篇7: 每年两个月集中进行回访、统计), offered
pre-filled on the survey form. Plain data; a survey copies it into its own questions."""

from __future__ import annotations

from aftersales.followups.services import QuestionSpec

STANDARD_QUESTIONS: tuple[QuestionSpec, ...] = (
    QuestionSpec("rating", "您对我们售后服务的总体满意度"),
    QuestionSpec("rating", "报修后响应是否及时"),
    QuestionSpec("rating", "工程师的技术水平"),
    QuestionSpec("rating", "工程师的服务态度"),
    QuestionSpec("yes_no", "上半年设备运行是否正常"),
    QuestionSpec("choice", "您最希望我们改进哪一方面", ("响应速度", "技术水平", "备件供应", "沟通反馈", "其他")),
    QuestionSpec("text", "其他意见和建议", is_required=False),
)
