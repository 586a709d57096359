"""Demo data of the course catalogue: providers and published courses over every role of the current standard.

Deterministic (no randomness): the same rows on every run. Idempotent: rows are looked up by their
natural keys (slugs, orders) and only missing ones are created, each validated with full_clean().
Every course's skills are ones its target roles require in the current version's matrix, at a
level no higher than the lowest of those requirements and the course's own target level.

Every lesson has content: the skill lessons come from demo_lessons.py (a few paragraphs, a figure
or a code sample), the others are written below from the course's own outline, and the quiz asks
what those lessons state. An outline seeded by an earlier version of this module is brought to
this content (demo courses only).
"""

import datetime
from dataclasses import dataclass
from decimal import Decimal
from typing import Any, TextIO, cast

from django.db.models import Model

from skills.models import (
    HumanResourceType,
    Level,
    Role,
    RoleSkillRequirement,
    Skill,
    StandardVersion,
)

from .demo_lessons import SKILL_LESSONS
from .models import Choice, Course, CourseRole, CourseSkill, Lesson, Module, Provider, Question, Quiz

EXAMPLE = "https://example.jp"
PASS_MARK = 60

# The bodies of the lessons every demo course has (courses/lesson_body.py format), filled in from
# the course's outline; the skill lessons' bodies are in demo_lessons.py.
DEMO_LINK = "デモのため、リンク先は例示用のアドレス（example.jp）で、実際の動画や資料はありません。"
WELCOME_BODY = """「{title}」は、{modules}の章と{lessons}のレッスンで構成されています。学習時間の目安は{hours}時間です。

第1章「導入と全体像」で講座の全体像とデジタルスキル標準を確かめ、第2章「主要スキルの学習」でスキル{skills}を一つずつ学びます。{practice}

この講座は、デジタルスキル標準のうち「DX推進スキル標準」に沿って作られています。DX推進スキル標準は、{types}の{type_count}の人材類型と、{role_count}のロールを定めています。この講座が主な対象とするロール「{role}」は、人材類型「{hr_type}」に属します。

最後の確認テストは{questions}問で、{pass_mark}%以上の正答で合格です。必須のレッスンをすべて終えると、講座の修了となります。"""
WELCOME_PRACTICE_3 = "第3章「実践演習」では、学んだことを自分の業務に当てはめます。"
WELCOME_PRACTICE_2 = "章の最後の演習課題で、学んだことを自分の業務に当てはめます。"
STANDARD_LINK_BODY = f"""経済産業省と独立行政法人情報処理推進機構（IPA）が公開している「デジタルスキル標準」の解説ページです。デジタルスキル標準は、すべてのビジネスパーソンに向けた「DXリテラシー標準」と、DXを推進する人材に向けた「DX推進スキル標準」の2つから成ります。このポータルの「スキル標準」のページでも、人材類型、ロール、スキルを確かめられます。

任意のレッスンです。{DEMO_LINK}"""
ASSIGNMENT_BODY = """この講座で学んだことを、自分の職場や地域に当てはめてみましょう。次の3点を、それぞれ200字程度でまとめてください。

1. スキル{skills}のうち一つを選び、それを使って取り組める身近な課題を挙げる。
2. その課題に、レッスンで紹介した図やコードの例をどう当てはめるかを書く。
3. 最初の一歩として、来週までにできることを一つ決める。

まとめたものは、職場の同僚や上司と共有してみてください。この課題は採点されません。書き終えたら、このレッスンを完了にしてください。"""
QUIZ_BODY = """第1章「この講座の進め方」と、スキル{skills}の各レッスンの内容から{questions}問出題します。{pass_mark}%以上の正答で合格です。合格するまで何度でも受け直せます。"""

PROVIDERS = [
    # slug, kind, name_ja, name_en
    ("dx-academy", Provider.Kind.TRAINING_COMPANY, "株式会社デジタル人材アカデミー", "Digital Talent Academy Inc."),
    ("cloud-skills-lab", Provider.Kind.TRAINING_COMPANY, "株式会社クラウドスキルラボ", "Cloud Skills Lab Inc."),
    ("minato-university", Provider.Kind.UNIVERSITY, "みなと情報科学大学", "Minato University of Information Science"),
    ("hokkaido-informatics", Provider.Kind.UNIVERSITY, "北海道先端情報大学", "Hokkaido Institute of Advanced Informatics"),
    ("sakura-kosen", Provider.Kind.KOSEN, "さくら工業高等専門学校", "Sakura College of Technology (KOSEN)"),
    ("kyushu-dx-consortium", Provider.Kind.CONSORTIUM, "九州デジタル人材育成コンソーシアム", "Kyushu Digital Workforce Consortium"),
    ("regional-digital-center", Provider.Kind.PUBLIC_BODY, "地域デジタル人材育成センター", "Regional Digital Talent Centre"),
]  # fmt: skip

# The level of the standard each course level aims at.
TARGET_LEVEL: dict[str, str] = {
    Course.Level.BEGINNER: "c",
    Course.Level.INTERMEDIATE: "b",
    Course.Level.ADVANCED: "a",
}

ONLINE, IN_PERSON, HYBRID = Course.Format.ONLINE, Course.Format.IN_PERSON, Course.Format.HYBRID
BEGINNER, INTERMEDIATE, ADVANCED = Course.Level.BEGINNER, Course.Level.INTERMEDIATE, Course.Level.ADVANCED


@dataclass(frozen=True)
class DemoCourse:
    slug: str
    provider: str
    roles: tuple[str, ...]
    skills: tuple[str, ...]
    format: str
    hours: str
    price_yen: int
    level: str
    prefecture: str | None
    title_ja: str
    title_en: str
    summary_ja: str
    summary_en: str
    language: str = Course.Language.JAPANESE


COURSES = [
    DemoCourse(
        "dx-new-business-practice", "dx-academy", ("ba-new-business",),
        ("business-strategy", "business-model-design", "verification-business"),
        HYBRID, "24", 88000, INTERMEDIATE, "13",
        "DX時代の新規事業開発 実践講座", "New Business Development in the DX Era: A Practical Course",
        "顧客課題の発見からビジネスモデルの設計、仮説検証までを、実在の事例をもとにしたグループ演習で身につけます。",
        "Learn to find customer problems, design a business model and test hypotheses through group work based on real cases.",
    ),
    DemoCourse(
        "business-architect-foundations", "regional-digital-center", ("ba-new-business", "ba-existing-business"),
        ("business-analysis", "project-management", "change-management"),
        ONLINE, "6", 0, BEGINNER, None,
        "ビジネスアーキテクト入門：変革を設計する人の基礎", "Introduction to Business Architecture: Foundations for Designing Change",
        "DXの目的設定から関係者の巻き込み、プロジェクトの進め方まで、ビジネスアーキテクトの役割を基礎から学ぶ無料のオンライン講座です。",
        "A free online course on the role of the business architect: setting DX goals, involving stakeholders and running the project.",
    ),
    DemoCourse(
        "enterprise-architecture-advanced", "minato-university", ("ba-existing-business",),
        ("enterprise-architecture", "systems-engineering", "business-strategy"),
        IN_PERSON, "40", 220000, ADVANCED, "27",
        "既存事業の高度化とエンタープライズアーキテクチャ", "Advancing Existing Businesses with Enterprise Architecture",
        "全社の業務とシステムを俯瞰し、既存事業をデジタルで高度化するためのアーキテクチャを設計します。社会人向けの夜間・土曜開講です。",
        "Map a company's processes and systems and design the architecture to advance an existing business. Evening and Saturday classes for working adults.",
    ),
    DemoCourse(
        "process-redesign-for-operations", "kyushu-dx-consortium", ("ba-internal-operations",),
        ("business-analysis", "change-management", "data-ai-operations"),
        HYBRID, "12", 15000, INTERMEDIATE, "40",
        "業務改革のための業務分析とプロセス設計", "Business Analysis and Process Redesign for Operational Reform",
        "自社の業務フローを可視化し、ボトルネックの特定からデジタルツールを使った改善案の設計までを、九州の企業事例で学びます。",
        "Visualise your own workflows, find the bottlenecks and design improvements with digital tools, using cases from companies in Kyushu.",
    ),
    DemoCourse(
        "internal-digitalisation-first-steps", "dx-academy", ("ba-internal-operations",),
        ("project-management", "data-understanding", "critical-thinking"),
        ONLINE, "8", 9800, BEGINNER, None,
        "社内業務のデジタル化はじめの一歩", "First Steps in Digitalising Internal Operations",
        "紙とメールに頼る社内業務をどこからデジタル化するか。小さく始めて効果を測る進め方を、短い動画と演習で学びます。",
        "Where to start digitalising paper- and email-based internal work: start small and measure the effect, with short videos and exercises.",
    ),
    DemoCourse(
        "service-design-workshop", "minato-university", ("service-designer", "ux-ui-designer"),
        ("customer-user-understanding", "value-discovery", "verification-user"),
        IN_PERSON, "30", 120000, INTERMEDIATE, "13",
        "サービスデザイン実践ワークショップ", "Service Design Practice Workshop",
        "ユーザー調査、カスタマージャーニーマップ、プロトタイピングと検証を、チームで一つのサービスを作りながら体験します。",
        "Experience user research, customer journey mapping, prototyping and testing while building one service as a team.",
    ),
    DemoCourse(
        "public-service-design-intro", "regional-digital-center", ("service-designer",),
        ("customer-user-understanding", "business-research"),
        ONLINE, "4", 0, BEGINNER, None,
        "行政サービスのためのサービスデザイン入門", "Introduction to Service Design for Public Services",
        "自治体職員や公共サービスに関わる方のための入門講座です。住民の視点で手続きを見直す考え方と手法を紹介します。",
        "An introduction for local government staff and others in public services: reviewing procedures from the residents' point of view.",
    ),
    DemoCourse(
        "ux-research-methods", "dx-academy", ("ux-ui-designer",),
        ("customer-user-understanding", "verification-user", "design-spec"),
        ONLINE, "16", 45000, INTERMEDIATE, None,
        "UXリサーチとユーザビリティ評価の手法", "UX Research and Usability Evaluation Methods",
        "インタビュー、ユーザビリティテスト、アクセス解析を組み合わせて、根拠のあるUX改善を進める方法を学びます。",
        "Combine interviews, usability tests and analytics to improve the user experience on evidence.",
    ),
    DemoCourse(
        "accessible-ui-design-systems", "dx-academy", ("ux-ui-designer", "frontend-engineer"),
        ("design-spec", "web-app-basics", "frontend-dev"),
        HYBRID, "20", 66000, INTERMEDIATE, "14",
        "アクセシブルなUIデザインとデザインシステム", "Accessible UI Design and Design Systems",
        "ウェブアクセシビリティの基準を踏まえたUIの設計と、デザイナーとエンジニアが共有できるデザインシステムの作り方を学びます。",
        "Design interfaces that meet web accessibility guidelines and build a design system that designers and engineers share.",
    ),
    DemoCourse(
        "digital-branding-visual-design", "minato-university", ("graphic-designer",),
        ("branding", "other-design-techniques", "value-discovery"),
        IN_PERSON, "36", 98000, INTERMEDIATE, "26",
        "デジタル時代のブランディングとビジュアルデザイン", "Branding and Visual Design for the Digital Age",
        "ブランドの価値を言語化し、ウェブやSNSで一貫して伝えるビジュアルを制作します。京都キャンパスでの対面授業です。",
        "Put a brand's value into words and create visuals that carry it consistently on the web and social media. Classes on the Kyoto campus.",
    ),
    DemoCourse(
        "digital-graphics-for-beginners", "sakura-kosen", ("graphic-designer",),
        ("other-design-techniques", "design-spec"),
        IN_PERSON, "10", 0, BEGINNER, "17",
        "はじめてのデジタルグラフィック制作", "Digital Graphics for Beginners",
        "画像編集とレイアウトの基本を、高専の演習室で実際に手を動かしながら学ぶ地域向けの公開講座です。",
        "A public course for the community: the basics of image editing and layout, hands-on in the college's computer room.",
    ),
    DemoCourse(
        "data-ai-strategy-for-leaders", "dx-academy", ("data-business-strategist", "ba-existing-business"),
        ("data-ai-strategy", "data-understanding", "business-strategy"),
        ONLINE, "10", 55000, INTERMEDIATE, None,
        "経営とデータ・AI活用戦略", "Data and AI Strategy for Business Leaders",
        "事業の課題からデータ・AIの活用テーマを選び、投資対効果とリスクを説明できる戦略にまとめる方法を学びます。",
        "Choose data and AI themes from business problems and turn them into a strategy whose return and risks you can explain.",
    ),
    DemoCourse(
        "kpi-design-data-driven", "kyushu-dx-consortium", ("data-business-strategist",),
        ("data-ai-operations", "data-understanding", "business-analysis"),
        HYBRID, "18", 20000, INTERMEDIATE, "40",
        "データドリブン経営のためのKPI設計", "KPI Design for Data-Driven Management",
        "事業目標をKPIに分解し、ダッシュボードで継続的に改善する仕組みを、参加企業の実データを使って設計します。",
        "Break business goals into KPIs and design a dashboard-based improvement cycle using participants' own data.",
    ),
    DemoCourse(
        "statistics-with-python", "hokkaido-informatics", ("data-science-professional",),
        ("stats-multivariate-viz", "data-understanding"),
        ONLINE, "20", 0, BEGINNER, None,
        "Pythonではじめる統計とデータ可視化", "Statistics and Data Visualisation with Python",
        "記述統計、検定、回帰分析の基礎とグラフによる可視化を、Pythonのノートブックで一つずつ確かめながら学びます。",
        "Descriptive statistics, tests, regression and charts, checked step by step in Python notebooks.",
    ),
    DemoCourse(
        "machine-learning-lab", "cloud-skills-lab", ("data-science-professional",),
        ("ml-dl", "stats-multivariate-viz", "data-ai-operations"),
        ONLINE, "40", 165000, ADVANCED, None,
        "機械学習・深層学習 実装演習", "Machine Learning and Deep Learning: Implementation Lab",
        "特徴量設計からモデルの学習・評価・改善までを実装し、業務で使えるモデルに仕上げる上級者向けの演習です。",
        "An advanced lab: engineer features, then train, evaluate and improve models until they are fit for production use.",
    ),
    DemoCourse(
        "mlops-in-practice", "minato-university", ("data-science-professional", "data-engineer"),
        ("ml-dl", "data-platform-impl-ops"),
        ONLINE, "24", 60000, ADVANCED, None,
        "実践MLOps（英語開講）", "MLOps in Practice",
        "機械学習モデルを本番で運用し続けるためのパイプライン、監視、再学習の仕組みを英語で学びます。",
        "Pipelines, monitoring and retraining to keep machine-learning models running in production. Taught in English.",
        language=Course.Language.ENGLISH,
    ),
    DemoCourse(
        "cloud-data-pipelines", "cloud-skills-lab", ("data-engineer",),
        ("data-platform-design", "data-platform-impl-ops", "cloud-infra"),
        HYBRID, "32", 140000, INTERMEDIATE, "13",
        "クラウドで作るデータ基盤とパイプライン", "Building Data Platforms and Pipelines in the Cloud",
        "データレイクとデータウェアハウスを組み合わせた基盤を設計し、収集から加工、提供までのパイプラインを構築します。",
        "Design a platform that combines a data lake and a warehouse, and build the pipeline from ingestion to delivery.",
    ),
    DemoCourse(
        "sql-data-modelling-basics", "sakura-kosen", ("data-engineer",),
        ("data-platform-design", "data-understanding"),
        IN_PERSON, "15", 0, BEGINNER, "17",
        "SQLとデータモデリングの基礎", "SQL and Data Modelling Basics",
        "リレーショナルデータベースの考え方、SQLによる検索と集計、正規化によるテーブル設計を演習で学びます。",
        "Relational databases, querying and aggregating with SQL, and table design by normalisation, through exercises.",
    ),
    DemoCourse(
        "modern-frontend-typescript-react", "dx-academy", ("frontend-engineer",),
        ("frontend-dev", "web-app-basics", "team-development"),
        ONLINE, "36", 110000, INTERMEDIATE, None,
        "モダンフロントエンド開発（TypeScript・React）", "Modern Front-end Development with TypeScript and React",
        "TypeScriptとReactでコンポーネントを設計し、テストとコードレビューを含むチーム開発の流れで一つのアプリを完成させます。",
        "Design components with TypeScript and React and finish one application in a team workflow with tests and code review.",
    ),
    DemoCourse(
        "how-web-applications-work", "regional-digital-center", ("frontend-engineer", "backend-engineer"),
        ("web-app-basics", "computer-science"),
        ONLINE, "6", 0, BEGINNER, None,
        "Webアプリケーションの仕組み入門", "How Web Applications Work",
        "ブラウザとサーバーの通信、HTML・CSS・JavaScriptの役割、データベースとの連携を、図解と短い演習で理解します。",
        "How browsers and servers talk, what HTML, CSS and JavaScript do and how a database fits in, with diagrams and short exercises.",
    ),
    DemoCourse(
        "backend-api-design", "cloud-skills-lab", ("backend-engineer",),
        ("backend-dev", "software-design-methods", "secure-design-dev"),
        ONLINE, "30", 99000, INTERMEDIATE, None,
        "バックエンドAPI設計と実装", "Back-end API Design and Implementation",
        "REST APIの設計原則、認証・認可、データベース設計、自動テストを、実際にAPIを作りながら身につけます。",
        "REST API design, authentication and authorisation, database design and automated tests, learned by building an API.",
    ),
    DemoCourse(
        "agile-team-development", "dx-academy", ("backend-engineer", "frontend-engineer"),
        ("team-development", "software-dev-process"),
        IN_PERSON, "16", 30000, INTERMEDIATE, "27",
        "アジャイル開発とチーム開発の実践", "Agile and Team Development in Practice",
        "スクラムの進め方、バージョン管理、継続的インテグレーションを、2日間の集中演習でチームとして体験します。",
        "Scrum, version control and continuous integration, experienced as a team in a two-day intensive workshop.",
    ),
    DemoCourse(
        "cloud-infrastructure-introduction", "cloud-skills-lab", ("cloud-engineer-sre",),
        ("cloud-infra", "service-utilization"),
        ONLINE, "12", 33000, BEGINNER, None,
        "クラウドインフラ活用入門", "Introduction to Cloud Infrastructure",
        "仮想マシン、ストレージ、ネットワーク、マネージドサービスの基本と、費用を意識した使い分けを学びます。",
        "Virtual machines, storage, networks and managed services, and how to choose between them with costs in mind.",
    ),
    DemoCourse(
        "sre-observability-reliability", "cloud-skills-lab", ("cloud-engineer-sre",),
        ("sre-process", "security-ops-monitoring", "cloud-infra"),
        HYBRID, "24", 132000, ADVANCED, "13",
        "SRE実践：可観測性と信頼性設計", "SRE in Practice: Observability and Reliability Engineering",
        "SLOの設定、監視とアラート設計、障害対応とポストモーテムまで、サービスの信頼性を高める実務を学びます。",
        "Set SLOs, design monitoring and alerts, handle incidents and write post-mortems: the practice of reliable services.",
    ),
    DemoCourse(
        "iot-embedded-systems-lab", "sakura-kosen", ("physical-computing-engineer",),
        ("physical-computing", "computer-science", "other-advanced-tech"),
        IN_PERSON, "45", 12000, INTERMEDIATE, "17",
        "IoTと組込みシステム開発実習", "IoT and Embedded Systems Development Lab",
        "マイコンとセンサーを使ってデータを収集し、クラウドへ送るIoTシステムを、高専の実験設備で組み立てます。",
        "Build an IoT system that collects sensor data with a microcontroller and sends it to the cloud, in the college's labs.",
    ),
    DemoCourse(
        "applied-robotics-sensing", "hokkaido-informatics", ("physical-computing-engineer",),
        ("physical-computing", "other-advanced-tech", "backend-dev"),
        HYBRID, "30", 50000, ADVANCED, "01",
        "ロボティクスとセンシング技術の応用", "Applied Robotics and Sensing",
        "農業・物流の現場を題材に、センサーフュージョンと制御ソフトウェアを組み合わせたロボットシステムを設計します。",
        "Design robot systems that combine sensor fusion and control software, with farming and logistics as the setting.",
    ),
    DemoCourse(
        "security-management-for-managers", "regional-digital-center", ("cybersecurity-manager",),
        ("security-mgmt", "security-organization", "incident-bcp"),
        ONLINE, "8", 0, INTERMEDIATE, None,
        "経営層・管理者のためのセキュリティマネジメント", "Security Management for Executives and Managers",
        "サイバーセキュリティを経営課題として捉え、体制づくり、リスク評価、委託先管理の要点を学びます。",
        "Treat cybersecurity as a management issue: organisation, risk assessment and supplier management.",
    ),
    DemoCourse(
        "incident-response-bcp-exercise", "dx-academy", ("cybersecurity-manager", "cybersecurity-engineer"),
        ("incident-bcp", "security-ops-monitoring"),
        IN_PERSON, "14", 75000, ADVANCED, "13",
        "インシデント対応と事業継続計画（BCP）演習", "Incident Response and Business Continuity Exercise",
        "ランサムウェア被害を想定した机上演習で、初動対応、社内外への連絡、事業継続の判断を体験します。",
        "A tabletop exercise around a ransomware attack: first response, communication inside and outside, and continuity decisions.",
    ),
    DemoCourse(
        "privacy-governance-basics", "minato-university", ("cybersecurity-manager",),
        ("privacy", "security-mgmt"),
        ONLINE, "9", 18000, BEGINNER, None,
        "個人情報保護とプライバシーガバナンス", "Personal Information Protection and Privacy Governance",
        "個人情報保護法の要点と、データ活用を進めながらプライバシーを守るための社内ルールづくりを学びます。",
        "The essentials of the Act on the Protection of Personal Information, and internal rules that protect privacy while using data.",
    ),
    DemoCourse(
        "secure-coding-vulnerability-assessment", "cloud-skills-lab", ("cybersecurity-engineer", "backend-engineer"),
        ("secure-design-dev", "web-app-basics"),
        ONLINE, "18", 64000, INTERMEDIATE, None,
        "セキュアコーディングと脆弱性診断", "Secure Coding and Vulnerability Assessment",
        "代表的な脆弱性の仕組みと対策を学び、演習環境のWebアプリケーションを診断して修正します。",
        "How common vulnerabilities work and how to prevent them; assess and fix a web application in a practice environment.",
    ),
    DemoCourse(
        "soc-operations-monitoring", "kyushu-dx-consortium", ("cybersecurity-engineer",),
        ("security-ops-monitoring", "incident-bcp"),
        HYBRID, "20", 8000, INTERMEDIATE, "43",
        "セキュリティ運用・監視（SOC）実務講座", "Security Operations and Monitoring (SOC) in Practice",
        "ログの収集と分析、アラートの優先度付け、エスカレーションの手順を、地域企業のSOC担当者と一緒に学びます。",
        "Collect and analyse logs, triage alerts and escalate, together with SOC staff from companies in the region.",
    ),
    DemoCourse(
        "dx-leadership-problem-solving", "hokkaido-informatics", ("ba-new-business", "service-designer", "data-business-strategist"),
        ("leadership", "creative-problem-solving", "critical-thinking"),
        ONLINE, "5", 0, BEGINNER, None,
        "DXを推進するリーダーシップと問題解決", "Leadership and Problem Solving for DX",
        "変革を進めるリーダーに求められる姿勢と、問いを立てて解決策を導く思考法を、事例とワークで学びます。",
        "The attitude of leaders who drive change, and ways of thinking that frame questions and reach solutions, with cases and exercises.",
    ),
    DemoCourse(
        "generative-ai-for-business", "dx-academy", ("data-business-strategist", "ba-internal-operations"),
        ("data-ai-strategy", "data-ai-operations"),
        ONLINE, "6", 22000, BEGINNER, None,
        "生成AIの業務活用と企画", "Generative AI for Business: Planning and Use",
        "生成AIの仕組みと限界を理解し、社内業務での活用アイデアを安全に企画・試行する進め方を学びます。",
        "Understand how generative AI works and where it falls short, and plan and pilot safe uses in your own work.",
    ),
]  # fmt: skip


class _Counter:
    def __init__(self) -> None:
        self.created = 0
        self.present = 0
        self.updated = 0

    def get_or_create(self, model: type[Model], defaults: dict[str, Any], **lookup: Any) -> Any:
        """Model.objects.get_or_create, validating a new row with full_clean() before saving it."""
        row = model._default_manager.filter(**lookup).first()
        if row is not None:
            self.present += 1
            return row
        row = model(**lookup, **defaults)
        row.full_clean()
        row.save()
        self.created += 1
        return row

    def sync(self, model: type[Model], values: dict[str, Any], **lookup: Any) -> Any:
        """get_or_create, then bring `values` of an existing row to the spec: demo content that an
        earlier version of this seed wrote differently is rewritten; identical rows are untouched."""
        row = model._default_manager.filter(**lookup).first()
        if row is None:
            return self.get_or_create(model, values, **lookup)
        changed = [name for name, value in values.items() if getattr(row, name) != value]
        if not changed:
            self.present += 1
            return row
        for name in changed:
            setattr(row, name, values[name])
        row.full_clean()
        row.save(update_fields=changed)
        self.updated += 1
        return row


def _name_en(row: Any) -> str:
    return row.name_en or row.name_ja


def _other_names(rows: list[Any], correct: Any) -> list[Any]:
    """The two rows after the correct one, wrapping around: deterministic wrong answers."""
    start = rows.index(correct)
    return [rows[(start + step) % len(rows)] for step in (1, 2)]


def _seed_course(counter: _Counter, spec: DemoCourse, index: int, version: StandardVersion) -> None:
    provider = Provider.objects.get(slug=spec.provider)
    starts_on = None
    if spec.format != ONLINE:
        starts_on = datetime.date(2027, 1 + index % 12, 1 + index % 20)
    course = counter.get_or_create(
        Course,
        slug=spec.slug,
        defaults={
            "provider": provider,
            "title_ja": spec.title_ja,
            "title_en": spec.title_en,
            "summary_ja": spec.summary_ja,
            "summary_en": spec.summary_en,
            "format": spec.format,
            "hours": Decimal(spec.hours),
            "price_yen": spec.price_yen,
            "language": spec.language,
            "level": spec.level,
            "prefecture": spec.prefecture,
            "starts_on": starts_on,
            "ends_on": starts_on + datetime.timedelta(days=28) if starts_on else None,
            "is_published": True,
            "is_demo": True,
        },
    )
    if not course.is_demo:  # a real course took the slug: its outline is not the demo's to write
        return
    levels = {level.slug: level for level in Level.objects.filter(version=version)}
    target = levels[TARGET_LEVEL[spec.level]]
    roles = [Role.objects.select_related("hr_type").get(version=version, slug=slug) for slug in spec.roles]
    for role in roles:
        counter.get_or_create(CourseRole, course=course, role=role, defaults={"level": target})

    skills = []
    for slug in spec.skills:
        skill = Skill.objects.select_related("subcategory__category").get(version=version, slug=slug)
        ranks = [
            requirement.level.rank
            for requirement in RoleSkillRequirement.objects.filter(
                role__in=roles, skill=skill
            ).select_related("level")
            if requirement.level.rank is not None
        ]
        if not ranks:  # no target role requires it at a ranked level: the course does not claim it
            continue
        rank = min([cast(int, target.rank), *ranks])  # the target levels a-c are ranked
        level = next(level for level in levels.values() if level.rank == rank)
        counter.get_or_create(CourseSkill, course=course, skill=skill, defaults={"level": level})
        skills.append(skill)
    _seed_outline(counter, course, skills, roles[0], version, index)


@dataclass
class _LessonSpec:
    module: Module
    kind: str
    title_ja: str
    title_en: str
    minutes: int
    url: str = ""
    body: str = ""


def _hours(course: Course) -> str:
    return f"{course.hours:f}".removesuffix(".0")


def _japanese_count(number: int) -> str:
    """A number before の as Japanese writes it: with the counter つ up to nine (「8つのレッスン」),
    bare from ten (「15のロール」), where つ does not go."""
    return f"{number}つ" if number < 10 else str(number)


def _quoted(names: list[str]) -> str:
    return "".join(f"「{name}」" for name in names)


def _seed_outline(
    counter: _Counter, course: Course, skills: list[Skill], role: Role, version: StandardVersion, index: int
) -> None:
    """Two or three modules: an introduction, the core skills (one lesson per skill, with its
    content from demo_lessons) and, for courses of 15 hours or more, practice; the quiz last."""
    slug = course.slug
    three_modules = course.hours >= 15
    intro = counter.get_or_create(
        Module,
        course=course,
        order=1,
        defaults={"title_ja": "導入と全体像", "title_en": "Introduction and overview"},
    )
    core = counter.get_or_create(
        Module, course=course, order=2, defaults={"title_ja": "主要スキルの学習", "title_en": "Core skills"}
    )
    last = core
    if three_modules:
        last = counter.get_or_create(
            Module, course=course, order=3, defaults={"title_ja": "実践演習", "title_en": "Hands-on practice"}
        )
    skill_names = _quoted([skill.name_ja for skill in skills])
    welcome = _LessonSpec(intro, Lesson.Kind.TEXT, "この講座の進め方", "How this course works", 10)
    lessons = [
        welcome,
        _LessonSpec(
            intro, Lesson.Kind.VIDEO, "講座の全体像（動画）", "Course overview (video)", 15,
            url=f"{EXAMPLE}/videos/{slug}/overview",
            body=f"この動画（約15分）では、講座の全体像を紹介します。\n\n{course.summary_ja}\n\n{DEMO_LINK}",
        ),
        _LessonSpec(
            intro, Lesson.Kind.EXTERNAL_LINK, "参考資料：デジタルスキル標準", "Reference: the Digital Skill Standard", 20,
            url=f"{EXAMPLE}/resources/digital-skill-standard", body=STANDARD_LINK_BODY,
        ),
    ]  # fmt: skip
    for skill in skills:
        lessons.append(
            _LessonSpec(
                core, Lesson.Kind.TEXT, f"{skill.name_ja}の基本", f"Basics of {_name_en(skill)}", 30,
                body=SKILL_LESSONS[skill.slug].body,
            )
        )  # fmt: skip
    if three_modules:
        lessons.append(
            _LessonSpec(
                core, Lesson.Kind.VIDEO, "事例解説（動画）", "Case study (video)", 25,
                url=f"{EXAMPLE}/videos/{slug}/case",
                body=(
                    f"この動画（約25分）では、架空の企業を題材に、この章で学んだスキル{skill_names}を使って"
                    f"課題に取り組む流れを解説します。\n\n{DEMO_LINK}"
                ),
            )
        )  # fmt: skip
    lessons.append(
        _LessonSpec(
            last, Lesson.Kind.ASSIGNMENT, "演習課題：自分の業務に当てはめる", "Assignment: apply it to your work", 60,
            body=ASSIGNMENT_BODY.format(skills=skill_names),
        )
    )  # fmt: skip
    quiz_spec = _LessonSpec(last, Lesson.Kind.QUIZ, "確認テスト", "Check quiz", 10)
    lessons.append(quiz_spec)
    questions = _questions(skills, role, version, index)
    hr_types = list(HumanResourceType.objects.filter(version=version).order_by("order"))
    welcome.body = WELCOME_BODY.format(
        title=course.title_ja,
        modules=_japanese_count(3 if three_modules else 2),
        lessons=_japanese_count(len(lessons)),
        hours=_hours(course),
        skills=skill_names,
        practice=WELCOME_PRACTICE_3 if three_modules else WELCOME_PRACTICE_2,
        types="、".join(hr_type.name_ja for hr_type in hr_types),
        type_count=_japanese_count(len(hr_types)),
        role_count=_japanese_count(Role.objects.filter(version=version).count()),
        role=role.name_ja,
        hr_type=role.hr_type.name_ja,
        questions=len(questions),
        pass_mark=PASS_MARK,
    )
    quiz_spec.body = QUIZ_BODY.format(skills=skill_names, questions=len(questions), pass_mark=PASS_MARK)

    order_in: dict[int, int] = {}
    for spec in lessons:
        order_in[spec.module.pk] = order_in.get(spec.module.pk, 0) + 1
        lesson = counter.sync(
            Lesson,
            {
                "kind": spec.kind,
                "title_ja": spec.title_ja,
                "title_en": spec.title_en,
                "url": spec.url,
                "body": spec.body,
                "is_required": spec.kind != Lesson.Kind.EXTERNAL_LINK,
                "estimated_minutes": spec.minutes,
            },
            module=spec.module,
            order=order_in[spec.module.pk],
        )
    _seed_quiz(counter, lesson, questions)  # the last lesson is always the quiz


@dataclass(frozen=True)
class _Question:
    text: tuple[str, str]
    choices: list[tuple[str, str, bool]]  # (Japanese, English, is correct), in the order shown


def _questions(skills: list[Skill], role: Role, version: StandardVersion, index: int) -> list[_Question]:
    """The role's type (stated in "How this course works"), then one question per skill lesson;
    the correct choice's place turns from question to question."""
    hr_types = list(HumanResourceType.objects.filter(version=version).order_by("order"))
    asked = [
        (
            (
                f"ロール「{role.name_ja}」は、どの人材類型に属しますか。",
                f"Which human-resource type does the role “{_name_en(role)}” belong to?",
            ),
            (role.hr_type.name_ja, _name_en(role.hr_type)),
            [(other.name_ja, _name_en(other)) for other in _other_names(hr_types, role.hr_type)],
        )
    ]
    for skill in skills:
        content = SKILL_LESSONS[skill.slug]
        asked.append((content.question, content.answer, list(content.wrong)))
    questions = []
    for order, (text, answer, wrong) in enumerate(asked):
        choices = [(*pair, False) for pair in wrong]
        choices.insert((index + order) % 3, (*answer, True))
        questions.append(_Question(text, choices))
    return questions


def _seed_quiz(counter: _Counter, lesson: Lesson, questions: list[_Question]) -> None:
    quiz = counter.get_or_create(Quiz, lesson=lesson, defaults={"pass_mark": PASS_MARK})
    for order, spec in enumerate(questions, start=1):
        question = counter.sync(
            Question, {"text_ja": spec.text[0], "text_en": spec.text[1]}, quiz=quiz, order=order
        )
        wanted = [text_ja for text_ja, _, _ in spec.choices]
        question.choices.exclude(text_ja__in=wanted).delete()  # choices of an earlier version
        for text_ja, text_en, is_correct in spec.choices:
            counter.sync(
                Choice, {"text_en": text_en, "is_correct": is_correct}, question=question, text_ja=text_ja
            )
    quiz.questions.filter(order__gt=len(questions)).delete()


def seed(stdout: TextIO) -> None:
    """Create the demo providers and courses that are missing and bring the demo outlines to the
    current content; rows already as specified are left as they are."""
    version = StandardVersion.objects.filter(part=StandardVersion.Part.PROMOTION, is_current=True).first()
    if version is None:
        stdout.write("courses: no current standard; run load_skill_standard first\n")
        return
    counter = _Counter()
    for slug, kind, name_ja, name_en in PROVIDERS:
        counter.get_or_create(
            Provider,
            slug=slug,
            defaults={
                "kind": kind,
                "name_ja": name_ja,
                "name_en": name_en,
                "url": f"{EXAMPLE}/providers/{slug}",
                "is_demo": True,
            },
        )
    for index, spec in enumerate(COURSES):
        _seed_course(counter, spec, index, version)
    stdout.write(
        f"courses: {len(PROVIDERS)} providers and {len(COURSES)} courses; "
        f"{counter.created} rows created, {counter.updated} updated, {counter.present} already present\n"
    )


def remove(stdout: TextIO) -> None:
    """Delete the demo courses (with their outlines) and the demo providers left without courses."""
    courses, _ = Course.objects.filter(is_demo=True).delete()
    providers, _ = Provider.objects.filter(is_demo=True, courses__isnull=True).delete()
    stdout.write(f"courses: {courses + providers} demo rows deleted\n")
