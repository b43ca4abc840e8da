"""Loads the criteria of the Nghệ An 2022 guidance (Ban Dân vận Tỉnh ủy Nghệ An,
"Hướng dẫn tiêu chí xây dựng điểm sáng thực hiện quy chế dân chủ ở cơ sở và điểm sáng
dân vận chính quyền", Báo Nghệ An 06/06/2022, section I), texts copied verbatim.

Also a set for the "Dân vận khéo" model of Đề án 04-ĐA/TU (01/10/2021): the Đề án sets
the yearly target (at least one model per agency, "có kế hoạch thực hiện, sơ kết, tổng
kết, đánh giá hiệu quả, nhân rộng") but states no criteria for it, so that set carries
the guidance's general criteria (group 1) until the province issues its own.

Both sets are shared (province NULL): the migration does not depend on any unit.
"""

from django.db import migrations

GUIDANCE_SOURCE = (
    "Ban Dân vận Tỉnh ủy Nghệ An, Hướng dẫn tiêu chí xây dựng điểm sáng thực hiện quy chế "
    "dân chủ ở cơ sở và điểm sáng dân vận chính quyền (Báo Nghệ An, 06/06/2022), "
    "mục I. Tiêu chí xây dựng, đánh giá."
)

GENERAL = [
    'Điểm sáng phải có tên, địa chỉ cụ thể.',
    'Nội dung điểm sáng thuộc lĩnh vực về thực hiện quy chế dân chủ ở cơ sở và công tác dân vận chính quyền.',
    'Điểm sáng phải được đăng ký đầu năm, có kế hoạch triển khai thực hiện cụ thể.',
    'Điểm sáng phải phù hợp với chủ trương, đường lối của Đảng, chính sách, pháp luật của nhà nước về quy chế dân chủ ở cơ sở, dân vận chính quyền, đồng thời thực sự mở rộng và phát huy dân chủ trên tất cả các lĩnh vực hoạt động; Tạo được sự đồng thuận của nhân dân và vận động nhân dân, cán bộ, công chức, viên chức, người lao động thực hiện thắng lợi các mục tiêu, nhiệm vụ chính trị của địa phương, đơn vị mình.',
    'Điểm sáng phải được lãnh đạo địa phương, cơ quan, đơn vị hoặc Ban chỉ đạo thực hiện quy chế dân chủ ở cơ sở, Ban chỉ đạo công tác dân vận chính quyền địa phương, đơn vị công nhận, có sức lan tỏa, mang lại hiệu quả thiết thực.',
    'Điểm sáng giải quyết được những khó khăn, vướng mắc, những nhiệm vụ chính trị mà cấp ủy, chính quyền đã có chủ trương và đang tập trung tổ chức thực hiện.',
]

QCDC = [
    'Thực hiện tốt chủ trương, đường lối của Đảng, chính sách, pháp luật của nhà nước về quy chế dân chủ ở cơ sở.',
    'Phổ biến đầy đủ, kịp thời các chủ trương của Đảng, chính sách, pháp luật của Nhà nước đến đối tượng hưởng lợi và nhân dân trong phạm vi điều chỉnh của chủ trương, chính sách đó.',
    'Công khai, minh bạch các cơ chế chính sách, quyền lợi của người dân, cán bộ công chức, viên chức, người lao động được hưởng.',
    'Phát huy dân chủ, huy động được các nguồn lực trong nhân dân, cán bộ công chức, người lao động để phục vụ nhiệm vụ chính trị của địa phương, cơ quan, đơn vị.',
    'Có hệ thống nội quy, quy chế và các văn bản về thực hiện quy chế dân chủ đầy đủ và thực hiện nghiêm túc các nội quy, quy chế đã đề ra.',
    'Nội bộ đoàn kết, hoàn thành nghĩa vụ thuế và các khoản thực hiện nghĩa vụ đối với ngân sách nhà nước (nếu có), hoàn thành tốt nhiệm vụ chính trị được giao.',
    'Tổ chức các hội nghị theo quy định đảm bảo thời gian, chất lượng (Hội nghị CBCC, viên chức đầu năm; hội nghị người lao động; hội nghị đối thoại với nhân dân, người lao động...).',
]

DVCQ = [
    'Thực hiện tốt công tác tuyên truyền, vận động nhân dân, cán bộ công chức, viên chức, người lao động tham gia thực hiện tốt chủ trương, đường lối của Đảng, chính sách, pháp luật của Nhà nước, bài báo “Dân vận” của Bác Hồ tại địa phương, cơ quan, đơn vị.',
    'Vận động nhân dân, cán bộ công chức, viên chức, người lao động tham gia hoàn thành tốt các chỉ tiêu phát triển kinh tế, xã hội, quốc phòng, an ninh và nhiệm vụ chính trị của địa phương, cơ quan, đơn vị.',
    'Thực hiện tốt công tác cải cách hành chính, giải quyết nhanh, đúng, hiệu quả công việc của người dân, tổ chức, doanh nghiệp; không gây phiền hà, sách nhiễu cho người dân trong quá trình thực thi công vụ; ứng dụng công nghệ thông tin trong quản lý điều hành.',
    'Nội bộ đoàn kết, thực hiện có hiệu quả công tác tiếp dân, tiếp xúc đối thoại với nhân dân, giải quyết đơn thư, khiếu nại, tố cáo của công dân.',
    'Chính quyền, các cơ quan nhà nước thân thiện với người dân, tôn trọng dân, gần dân, hiểu dân, học dân và có trách nhiệm với dân; “nghe dân nói, nói dân hiểu, làm dân tin”.',
    'Có sáng tạo, đổi mới trong công tác lãnh đạo, chỉ đạo, thực hiện nhiệm vụ chính trị của địa phương, cơ quan, đơn vị.',
]

SETS = [
    {
        "code": "nghe-an-2022",
        "name": "Tiêu chí xây dựng điểm sáng QCDC và Dân vận chính quyền (Nghệ An, 2022)",
        "source": GUIDANCE_SOURCE,
        "kinds": ["qcdc", "dvcq"],
        "groups": [
            ("1", "Tiêu chí chung", ["qcdc", "dvcq"], GENERAL),
            ("2.1", "Tiêu chí về xây dựng điểm sáng thực hiện quy chế dân chủ ở cơ sở", ["qcdc"], QCDC),
            ("2.2", "Tiêu chí về xây dựng điểm sáng Dân vận chính quyền", ["dvcq"], DVCQ),
        ],
    },
    {
        "code": "nghe-an-dvk-2022",
        "name": "Mô hình “Dân vận khéo” – tiêu chí chung (Nghệ An, theo Hướng dẫn 2022)",
        "source": (
            "Đề án số 04-ĐA/TU ngày 01/10/2021 của Ban Thường vụ Tỉnh ủy Nghệ An yêu cầu mỗi "
            "cơ quan, đơn vị hằng năm xây dựng ít nhất 01 mô hình “Dân vận khéo” (có kế hoạch "
            "thực hiện, sơ kết, tổng kết, đánh giá hiệu quả, nhân rộng) nhưng không nêu tiêu chí "
            "riêng cho mô hình. Bộ này áp dụng tạm các tiêu chí chung (mục I.1) của: "
            + GUIDANCE_SOURCE
        ),
        "kinds": ["dvk"],
        "groups": [("1", "Tiêu chí chung", ["dvk"], GENERAL)],
    },
]


def load(apps, schema_editor):
    CriteriaSet = apps.get_model("criteria", "CriteriaSet")
    CriterionGroup = apps.get_model("criteria", "CriterionGroup")
    Criterion = apps.get_model("criteria", "Criterion")
    for spec in SETS:
        if CriteriaSet.objects.filter(code=spec["code"]).exists():
            continue
        criteria_set = CriteriaSet.objects.create(
            code=spec["code"],
            version=1,
            name=spec["name"],
            source=spec["source"],
            kinds=spec["kinds"],
            province=None,
            is_active=True,
        )
        for order, (number, title, kinds, texts) in enumerate(spec["groups"], start=1):
            group = CriterionGroup.objects.create(
                criteria_set=criteria_set, number=number, title=title, kinds=kinds, order=order
            )
            Criterion.objects.bulk_create(
                Criterion(group=group, number=f"{number}.{i}", text=text, order=i)
                for i, text in enumerate(texts, start=1)
            )


def unload(apps, schema_editor):
    CriteriaSet = apps.get_model("criteria", "CriteriaSet")
    CriteriaSet.objects.filter(code__in=[spec["code"] for spec in SETS], version=1).delete()


class Migration(migrations.Migration):
    dependencies = [("criteria", "0002_constraints")]

    operations = [migrations.RunPython(load, unload)]
