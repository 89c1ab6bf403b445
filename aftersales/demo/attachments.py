"""The demo's files and conversation (issue 10): photos and a PDF on requests, a visit, an inspection and a
complaint, and a customer's exchange with the desk on the request the customer filed on the portal.

- The photos are drawn here with Pillow, the way a phone would have taken them (2400×1800 px, larger than
  `attachments.services.MAX_SIDE`, so they go through the downscaling path): a server's front panel with one
  drive bay and the power supply lit amber and the fault code on its display, a UPS power module with scorch marks
  at its vents, a machine-room rack at an inspection, a printer with crumpled paper in its feed for a complaint.
- The PDF is a vendor diagnostics summary made by `core.pdf.html_to_pdf` (as the service reports are).
- Everything is stored through `attachments.services.attachment_add` (the storage API), by the person who would
  have attached it: the customer's user on the portal request, the agent on a dispatched request, the engineer on
  his visit and inspection, the complaint desk on a complaint.
- The conversation: the customer's user asks on the portal request, the agent answers, the customer thanks
  (`portal.services.reply_add`).

Idempotent: a file is attached only when its owner has no attachment of that name, a message only when the
request has none with that text, the visit only when the request has none, the inspection only when the
customer has none.
"""

from __future__ import annotations

import io
from dataclasses import dataclass

from aftersales.accounts.models import User
from aftersales.attachments import services as attachments
from aftersales.attachments.choices import OwnerKind
from aftersales.attachments.models import Attachment
from aftersales.customers.models import Customer
from aftersales.tickets.choices import DONE, Status
from aftersales.tickets.models import Ticket

PHOTO_SIZE = (2400, 1800)


@dataclass(frozen=True)
class DemoFile:
    name: str
    note: str
    draw: str  # the name of the drawing function below (or "pdf")


SERVER_PHOTO = DemoFile("服务器前面板告警.jpg", "前面板 2 号电源与 5 号硬盘指示灯橙色常亮，屏幕显示 E1810", "server")
PSU_PHOTO = DemoFile("电源模块烧蚀.jpg", "拆下的 UPS 电源模块，散热孔周围有烧蚀痕迹", "psu")
RACK_PHOTO = DemoFile("机房机柜巡检.jpg", "3 号机柜前视，线缆整齐，温度 24℃", "rack")
PRINTER_PHOTO = DemoFile("打印机卡纸.jpg", "维修后仍然卡纸，纸张在进纸口揉皱", "printer")
DIAGNOSTICS_PDF = DemoFile("厂商诊断报告.pdf", "厂商远程诊断摘要（日志已上传厂商）", "pdf")

CUSTOMER_ASKS = "今天上午又掉线了两次，机房温度正常。麻烦尽快安排工程师上门，我们下午两点前都在信息科。"
AGENT_ANSWERS = (
    "您好，已安排工程师李强今天上午上门，预计11点前到达，到场前会先电话联系您。请保留设备当前状态，不要重启。"
)
CUSTOMER_THANKS = "好的，谢谢！我们在门诊楼三楼机房等候。"


# ------------------------------------------------------------------------------------------------ drawings


def _font(size: int):
    from PIL import ImageFont

    return ImageFont.load_default(size=size)


def _canvas(background: tuple[int, int, int]):
    from PIL import Image, ImageDraw

    image = Image.new("RGB", PHOTO_SIZE, background)
    return image, ImageDraw.Draw(image)


def _server(draw) -> None:
    """A 2U server's front panel: eight drive bays (one amber), two power supplies (one amber), a fault display."""
    draw.rectangle((0, 0, 2400, 1800), fill=(58, 62, 70))  # the rack behind
    draw.rectangle((160, 520, 2240, 1260), fill=(34, 36, 40), outline=(120, 124, 130), width=8)  # the chassis
    for ear in (100, 2240):
        draw.rectangle((ear, 520, ear + 60, 1260), fill=(150, 154, 160))
    for bay in range(8):
        x = 240 + bay * 170
        draw.rectangle((x, 600, x + 150, 1180), fill=(20, 21, 24), outline=(90, 94, 100), width=4)
        for slot in range(10):
            draw.line((x + 20, 650 + slot * 40, x + 130, 650 + slot * 40), fill=(60, 62, 66), width=6)
        led = (255, 150, 0) if bay == 4 else (40, 220, 90)
        draw.ellipse((x + 55, 1110, x + 95, 1150), fill=led)
        if bay == 4:
            draw.ellipse((x + 35, 1090, x + 115, 1170), outline=(255, 190, 80), width=4)  # the glow
    draw.rectangle((1640, 600, 2160, 820), fill=(10, 40, 70), outline=(90, 94, 100), width=4)  # the display
    draw.text((1670, 630), "E1810", font=_font(90), fill=(255, 170, 40))
    draw.text((1670, 740), "PSU 2 FAULT", font=_font(56), fill=(255, 170, 40))
    for psu, colour in ((0, (40, 220, 90)), (1, (255, 150, 0))):
        y = 880 + psu * 160
        draw.rectangle((1640, y, 2160, y + 130), fill=(45, 47, 52), outline=(90, 94, 100), width=4)
        draw.ellipse((2080, y + 45, 2120, y + 85), fill=colour)
        draw.text((1670, y + 35), f"PSU {psu + 1}", font=_font(52), fill=(200, 200, 205))
    draw.text((240, 1300), "PowerEdge R740  S/N 7XK2M93", font=_font(60), fill=(210, 210, 215))


def _psu(draw) -> None:
    """A UPS power module on a bench: vent slots, scorch marks around two of them, its label."""
    draw.rectangle((0, 0, 2400, 1800), fill=(176, 160, 130))  # the bench
    draw.rectangle((300, 350, 2100, 1450), fill=(205, 208, 212), outline=(90, 92, 96), width=10)
    for row in range(5):
        for col in range(12):
            x, y = 420 + col * 130, 480 + row * 120
            draw.rounded_rectangle((x, y, x + 80, y + 60), radius=12, fill=(40, 42, 46))
    for cx, cy, r in ((1010, 700, 260), (1400, 830, 200)):  # soot, darkest at the middle
        for step in range(12, 0, -1):
            rr = r * step / 12
            shade = int(30 + 90 * step / 12)
            draw.ellipse((cx - rr, cy - rr * 0.8, cx + rr, cy + rr * 0.8), fill=(shade, shade - 15, shade - 25))
    draw.rectangle((420, 1150, 1300, 1380), fill=(250, 250, 250), outline=(60, 60, 60), width=4)
    draw.text((450, 1175), "UPS POWER MODULE", font=_font(60), fill=(20, 20, 20))
    draw.text((450, 1270), "48V DC  3kW  MOD-3K", font=_font(52), fill=(20, 20, 20))
    draw.polygon(((1750, 1160), (1900, 1380), (1600, 1380)), fill=(250, 200, 0), outline=(20, 20, 20))
    draw.text((1728, 1240), "!", font=_font(120), fill=(20, 20, 20))


def _rack(draw) -> None:
    """A machine-room rack at an inspection: servers and a switch with patch cables, a thermometer at 24 °C."""
    draw.rectangle((0, 0, 2400, 1800), fill=(220, 224, 228))  # the room
    draw.rectangle((0, 1500, 2400, 1800), fill=(150, 156, 165))  # raised floor
    draw.rectangle((700, 120, 1700, 1600), fill=(25, 27, 30), outline=(80, 84, 90), width=12)
    for unit in range(9):
        y = 200 + unit * 140
        draw.rectangle((760, y, 1640, y + 110), fill=(50, 53, 58), outline=(95, 98, 104), width=4)
        if unit == 2:  # the switch: ports and cables
            for port in range(16):
                x = 800 + port * 50
                draw.rectangle((x, y + 30, x + 36, y + 70), fill=(10, 10, 10))
                colour = ((40, 120, 220), (240, 200, 40), (40, 180, 90))[port % 3]
                draw.line((x + 18, y + 70, x + 18 + (port - 8) * 6, y + 260), fill=colour, width=10)
        else:
            draw.ellipse((1560, y + 40, 1590, y + 70), fill=(40, 220, 90))
    draw.rounded_rectangle((1900, 500, 2180, 900), radius=30, fill=(245, 245, 245), outline=(60, 60, 60), width=6)
    draw.text((1940, 600), "24.0 C", font=_font(72), fill=(20, 20, 20))
    draw.text((1940, 720), "RH 45%", font=_font(56), fill=(60, 60, 60))


def _printer(draw) -> None:
    """A laser printer seen from the front, crumpled paper stuck in its feed."""
    draw.rectangle((0, 0, 2400, 1800), fill=(200, 190, 175))  # the desk
    draw.rounded_rectangle((500, 500, 1900, 1350), radius=40, fill=(235, 236, 238), outline=(90, 92, 96), width=10)
    draw.rectangle((600, 600, 1800, 700), fill=(60, 62, 66))  # the output slot
    draw.rectangle((650, 1150, 1750, 1250), fill=(120, 122, 126))  # the paper tray
    draw.polygon(
        ((800, 640), (900, 470), (1010, 600), (1120, 430), (1230, 610), (1350, 450), (1480, 620), (1560, 520)),
        fill=(252, 252, 250),
        outline=(140, 140, 140),
    )
    for x in (930, 1130, 1330):
        draw.line((x, 500, x + 40, 620), fill=(170, 170, 170), width=6)  # creases
    draw.rectangle((1500, 780, 1820, 900), fill=(20, 60, 30))
    draw.text((1520, 805), "PAPER JAM", font=_font(50), fill=(120, 255, 140))
    draw.ellipse((1700, 950, 1760, 1010), fill=(255, 120, 0))


DRAWINGS = {"server": (_server, (58, 62, 70)), "psu": (_psu, (176, 160, 130)), "rack": (_rack, (220, 224, 228))}
DRAWINGS["printer"] = (_printer, (200, 190, 175))


def photo_bytes(kind: str) -> bytes:
    """One demo photo as a phone would send it: a JPEG of 2400×1800 px."""
    drawing, background = DRAWINGS[kind]
    image, draw = _canvas(background)
    drawing(draw)
    out = io.BytesIO()
    image.save(out, format="JPEG", quality=88)
    return out.getvalue()


def pdf_bytes() -> bytes:
    """The vendor's diagnostics summary (one A4 page), made by the project's PDF renderer process."""
    from aftersales.core.pdf import html_to_pdf

    html = """<html><head><meta charset="utf-8"><style>
      @page { size: A4; margin: 18mm; }
      body { font-family: "Noto Sans CJK SC", "Noto Serif CJK SC", sans-serif; font-size: 11pt; }
      h1 { font-size: 16pt; } table { border-collapse: collapse; width: 100%; }
      td, th { border: 1px solid #888; padding: 4px 6px; text-align: left; }
    </style></head><body>
      <h1>戴尔远程诊断报告（摘要）</h1>
      <p>设备：PowerEdge R740 · 序列号 7XK2M93 · 诊断时间：见系统记录</p>
      <table>
        <tr><th>部件</th><th>结果</th><th>说明</th></tr>
        <tr><td>电源 PSU 2</td><td>故障</td><td>E1810：输入电压丢失，建议更换电源模块</td></tr>
        <tr><td>硬盘 5 号槽位</td><td>预警</td><td>SMART 重映射扇区增长，建议更换</td></tr>
        <tr><td>内存</td><td>正常</td><td>—</td></tr>
        <tr><td>风扇</td><td>正常</td><td>—</td></tr>
      </table>
      <p>建议：携带 750W 电源模块及 2.4TB SAS 硬盘上门更换；更换后重新运行完整诊断。</p>
    </body></html>"""
    return html_to_pdf(html)


def file_bytes(spec: DemoFile) -> bytes:
    return pdf_bytes() if spec.draw == "pdf" else photo_bytes(spec.draw)


# ------------------------------------------------------------------------------------------------ loading


def _attach(actor: User, kind: str, owner_id: int, spec: DemoFile) -> int:
    stored_name = spec.name  # the service keeps the name (its extension follows the stored type)
    if Attachment.objects.filter(owner_kind=kind, owner_id=owner_id, name=stored_name).exists():
        return 0
    attachments.attachment_add(
        actor=actor, owner_kind=kind, owner_id=owner_id, data=file_bytes(spec), filename=spec.name, note=spec.note
    )
    return 1


def _portal_conversation(ticket: Ticket, customer_user: User, agent: User) -> int:
    from aftersales.portal import services as portal
    from aftersales.portal.models import Reply

    added = 0
    for author, text in ((customer_user, CUSTOMER_ASKS), (agent, AGENT_ANSWERS), (customer_user, CUSTOMER_THANKS)):
        if Reply.objects.filter(ticket=ticket, body=text).exists():
            continue
        portal.reply_add(actor=author, ticket_id=ticket.pk, body=text)
        added += 1
    return added


def _visit_of(ticket: Ticket, engineer: User):
    """The engineer's visit on an on-site request (the demo's arrival step left the request on site, without
    the service report an engineer starts on arrival: it is started now, at the arrival time)."""
    from aftersales.dispatch import services as dispatch
    from aftersales.dispatch.models import Visit

    visit = Visit.objects.filter(ticket=ticket).order_by("id").first()
    if visit is None:
        visit = dispatch.visit_record_arrival(ticket_id=ticket.pk, actor=engineer, arrived_at=ticket.arrived_at)
    return visit


def _inspection_of(customer: Customer, engineer: User):
    from aftersales.inspections import services as inspections
    from aftersales.inspections.models import Inspection

    inspection = Inspection.objects.filter(customer=customer).order_by("id").first()
    if inspection is None:
        inspection, _created = inspections.inspection_start(actor=engineer, customer_id=customer.pk)
    return inspection


def load(report, users: dict[str, User]) -> None:
    """Attach the demo files and write the portal conversation (see the module docstring)."""
    from aftersales.complaints.models import Complaint
    from aftersales.demo.loader import AGENT, CUSTOMER_USER, ENGINEER, HOSPITAL
    from aftersales.dispatch.choices import DispatchStatus
    from aftersales.dispatch.models import Dispatch

    agent, engineer, customer_user = users[AGENT], users[ENGINEER], users[CUSTOMER_USER]
    added = replies = 0

    portal_ticket = Ticket.objects.filter(created_by=customer_user, channel="web").order_by("id").first()
    if portal_ticket is not None:
        added += _attach(customer_user, OwnerKind.TICKET, portal_ticket.pk, SERVER_PHOTO)
        replies += _portal_conversation(portal_ticket, customer_user, agent)

    on_site = (
        Ticket.objects.filter(status=Status.ON_SITE, assignee=engineer)
        .filter(pk__in=Dispatch.objects.filter(status=DispatchStatus.ACTIVE).values("ticket_id"))
        .order_by("id")
        .first()
    )
    if on_site is not None:
        added += _attach(agent, OwnerKind.TICKET, on_site.pk, DIAGNOSTICS_PDF)
        visit = _visit_of(on_site, engineer)
        added += _attach(engineer, OwnerKind.VISIT, visit.pk, PSU_PHOTO)

    hospital = Customer.objects.filter(name=HOSPITAL).first()
    if hospital is not None:
        inspection = _inspection_of(hospital, engineer)
        added += _attach(engineer, OwnerKind.INSPECTION, inspection.pk, RACK_PHOTO)

    complaint = Complaint.objects.exclude(ticket__status__in=DONE).order_by("id").first()
    complaint = complaint or Complaint.objects.order_by("-id").first()
    if complaint is not None:
        added += _attach(agent, OwnerKind.COMPLAINT, complaint.pk, PRINTER_PHOTO)

    report.attachments += added
    report.replies += replies
