"""The demo courses' lesson content: one short lesson per skill of the common skill list they teach.

Each lesson is a few paragraphs in Japanese (the body has one language: courses.Lesson.body), a
figure (static/img/lessons/) or a code sample, in the lesson body format of courses/lesson_body.py,
and one quiz question whose correct answer is stated in the lesson's text. Questions and choices
carry English too (courses.Question.text_en, Choice.text_en). The facts are the textbook ones each
field teaches; the companies and figures in examples are made up.
"""

from dataclasses import dataclass

Pair = tuple[str, str]  # (Japanese, English)


@dataclass(frozen=True)
class SkillLesson:
    body: str
    question: Pair
    answer: Pair  # the Japanese text appears in the body
    wrong: tuple[Pair, Pair]


SKILL_LESSONS: dict[str, SkillLesson] = {
    "backend-dev": SkillLesson(
        body="""バックエンドは、データの保存、業務のルール、外部サービスとの連携を受け持つ部分です。画面（フロントエンド）からはAPIを通じて呼び出され、結果をJSONなどの形で返します。

APIの応答にはステータスコードで結果の種類を示します。新しいリソース（ここでは講座の申込み）を作成したときは「201 Created」を返し、作成したリソースの場所をLocationヘッダーで伝えます。入力の検証は必ずサーバー側で行い、不正な値には「400 Bad Request」と、問題のある項目名を返します。

```HTTP：申込みを作成するリクエストと応答の例
POST /api/v1/enrolments/ HTTP/1.1
Content-Type: application/json

{"course": "sql-data-modelling-basics"}

HTTP/1.1 201 Created
Location: /api/v1/enrolments/5f0c2a7e-1b9d-4c1e-9a55-0d2f3c4b6a10/
Content-Type: application/json

{"course": "sql-data-modelling-basics", "completed_at": null}
```""",
        question=(
            "新しいリソースを作成したAPIが返すステータスコードとして、このレッスンで説明したものはどれですか。",
            "Which status code does this lesson say an API returns when it has created a new resource?",
        ),
        answer=("201 Created", "201 Created"),
        wrong=(("302 Found", "302 Found"), ("204 No Content", "204 No Content")),
    ),
    "branding": SkillLesson(
        body="""ブランドとは、顧客の心の中に形づくられる「この会社は何を約束してくれるのか」というイメージです。ロゴやデザインはその約束を伝える手段であって、ブランドそのものではありません。

ウェブサイト、SNS、店舗、名刺など、顧客との接点が増えるほど表現はばらつきやすくなります。一貫性を保つために、ロゴの使い方、色、書体、文章の語り口（トーン＆マナー）を「ブランドガイドライン」にまとめ、社内外の制作者と共有します。

![ブランドの4つの層。上から、ブランドの約束、個性（トーン＆マナー）、表現（ロゴ・色・書体）、顧客との接点（ウェブ・SNS・店舗）。](branding-layers.svg "図：約束から接点まで、上の層が下の層を決める")""",
        question=(
            "ロゴの使い方、色、書体、語り口のルールをまとめ、表現の一貫性を保つためのものはどれですか。",
            "What collects the rules for the logo, colours, typefaces and tone so that expression stays consistent?",
        ),
        answer=("ブランドガイドライン", "Brand guidelines"),
        wrong=(("サイトマップ", "A site map"), ("プレスリリース", "A press release")),
    ),
    "business-analysis": SkillLesson(
        body="""ビジネスアナリシスは、業務の課題を見つけ、解決の方向を関係者と合意するための活動です。最初に現状の業務（As-Is）を業務フロー図などで可視化し、どこで時間や手戻りが生じているかを確かめます。

次に、目指す業務の姿を描きます。これを「To-Be」と呼びます。As-IsとTo-Beの差（ギャップ）を埋める施策を洗い出し、効果と手間で優先順位を付けてから、移行の計画に落とし込みます。システムを先に選ぶのではなく、業務のあるべき姿から考えるのが要点です。

![業務改革の4つのステップ。現状（As-Is）の可視化、課題の特定、あるべき姿（To-Be）の設計、移行計画。](business-analysis-flow.svg "図：As-IsからTo-Beへ")""",
        question=(
            "業務改革で、目指す業務のあるべき姿を表す言葉はどれですか。",
            "In business reform, which term names the business as it should become?",
        ),
        answer=("To-Be", "To-Be"),
        wrong=(("As-Is", "As-Is"), ("KPI", "KPI")),
    ),
    "business-model-design": SkillLesson(
        body="""ビジネスモデルとは、誰にどんな価値を届け、どうやって収益を得るかという事業の仕組みです。アイデアの段階で全体を見渡すために、ビジネスモデル・キャンバスがよく使われます。

ビジネスモデル・キャンバスは、顧客セグメント、価値提案、チャネル、顧客との関係、収益の流れ、主なリソース、主な活動、主なパートナー、コスト構造の「9つの要素」で事業を1枚に描きます。右側は顧客と価値、左側はそれを実現する仕組みです。要素どうしが矛盾していないかを確かめながら書き直していきます。

![ビジネスモデル・キャンバスの9つの要素の配置。上段の左から主なパートナー、主な活動と主なリソース、価値提案、顧客との関係とチャネル、顧客セグメント。下段にコスト構造と収益の流れ。](business-model-canvas.svg "図：ビジネスモデル・キャンバス")""",
        question=(
            "ビジネスモデル・キャンバスは、いくつの要素で事業を描きますか。",
            "How many building blocks does the Business Model Canvas describe a business with?",
        ),
        answer=("9つの要素", "Nine building blocks"),
        wrong=(("4つの要素", "Four building blocks"), ("12の要素", "Twelve building blocks")),
    ),
    "business-research": SkillLesson(
        body="""新しい事業や施策を考える前に、事実を集めて状況を整理します。代表的な枠組みが3C分析で、「顧客・市場」「競合」「自社」の3つの視点から情報を集めます。

顧客・市場では、誰がどれだけいて何に困っているかを、公的統計やアンケート、インタビューで確かめます。競合では、同じ課題に応えている他社や代替手段を調べます。自社では、強みと弱み、使える資源を棚卸しします。3つを重ねたとき、顧客が求め、競合が応えておらず、自社が応えられる領域が狙い目です。

![3C分析の3つの視点を重なる円で示した図。顧客・市場、競合、自社。](business-research-3c.svg "図：3C分析")""",
        question=(
            "3C分析で、「顧客・市場」「自社」と並ぶ3つ目の視点はどれですか。",
            "In 3C analysis, which is the third point of view besides “customers and market” and “company”?",
        ),
        answer=("競合", "Competitors"),
        wrong=(("株主", "Shareholders"), ("行政", "Government")),
    ),
    "business-strategy": SkillLesson(
        body="""ビジネス戦略は、限られた資源をどこに集中するかの選択です。外部環境と自社の状況を分析し、目指す姿と期限を決め、そこに至る施策を選びます。

戦略は実行しながら見直すものです。最終的な目標を測る指標をKGI（重要目標達成指標）、途中の進み具合を測る指標を「KPI（重要業績評価指標）」と呼びます。たとえば「3年後にオンライン売上比率30%」がKGIなら、「月間の新規会員数」や「購入率」がKPIになります。KPIを定期的に確かめ、成果が出ない施策は早めに入れ替えます。

![戦略の循環。環境分析、目標設定（KGI）、施策の実行、KPIで測定、見直し、そして環境分析へ戻る。](business-strategy-cycle.svg "図：戦略は測って見直す")""",
        question=(
            "施策の途中の進み具合を測るために設定する指標はどれですか。",
            "Which indicator is set to measure how far the measures have progressed on the way?",
        ),
        answer=("KPI（重要業績評価指標）", "KPI (key performance indicator)"),
        wrong=(
            ("SLA（サービスレベル合意）", "SLA (service level agreement)"),
            ("WBS（作業分解構成図）", "WBS (work breakdown structure)"),
        ),
    ),
    "change-management": SkillLesson(
        body="""DXは新しいシステムを入れることではなく、人の働き方を変えることです。変化には必ず不安や抵抗が伴うため、進め方そのものを設計する必要があります。

ジョン・コッターの8段階の変革プロセスでは、最初の段階は「危機意識を高める」ことです。なぜ今変わらなければならないのかを、数字や顧客の声で共有します。その上で推進チームをつくり、ビジョンを繰り返し伝え、早い段階で小さな成果を見せ、新しいやり方を仕組みとして定着させます。

![変革の進め方の5つのステップ。危機意識を高める、推進チームをつくる、ビジョンを伝える、短期的な成果を示す、変革を定着させる。](change-management-flow.svg "図：コッターの変革プロセス（抜粋）")""",
        question=(
            "コッターの8段階の変革プロセスで、最初の段階はどれですか。",
            "In Kotter's eight-step process for leading change, what is the first step?",
        ),
        answer=("危機意識を高める", "Create a sense of urgency"),
        wrong=(
            ("新しいシステムを導入する", "Introduce a new system"),
            ("人事評価の制度を変える", "Change the appraisal system"),
        ),
    ),
    "cloud-infra": SkillLesson(
        body="""クラウドでは、サーバーやストレージを必要なときに必要な量だけ借りられます。料金は使った分だけ支払う「従量課金」が基本で、使わない時間帯に止めれば費用も下がります。

手作業で画面から設定すると、同じ環境を再現できず、変更の履歴も残りません。構成をコードで書いてバージョン管理する方法をInfrastructure as Code（IaC）と呼びます。コードはレビューでき、検証環境と本番環境を同じ手順で作れます。

```Terraform：タグ付きのストレージを1つ作るコードの例
resource "aws_s3_bucket" "reports" {
  bucket = "example-dx-reports"

  tags = {
    owner       = "data-team"
    environment = "staging"
  }
}
```""",
        question=(
            "使った分だけ料金を支払う、クラウドの基本的な料金体系はどれですか。",
            "What is the basic cloud pricing model in which you pay for what you use?",
        ),
        answer=("従量課金", "Pay-as-you-go"),
        wrong=(
            ("買い切り", "One-off purchase"),
            ("利用量によらない年額固定", "A fixed yearly fee whatever the use"),
        ),
    ),
    "computer-science": SkillLesson(
        body="""同じ結果を出すプログラムでも、データが増えたときの速さは手順（アルゴリズム）によって大きく変わります。その伸び方を表すのが計算量です。

整列済みのデータから値を探すとき、先頭から順に調べる線形探索はO(n)ですが、二分探索は調べる範囲を毎回半分にするため、計算量は「O(log n)」です。100万件のデータでも、二分探索なら約20回の比較で見つかります。

```Python：二分探索
def binary_search(items: list[int], target: int) -> int:
    \"\"\"整列済みの items から target の位置を返す。なければ -1。\"\"\"
    low, high = 0, len(items) - 1
    while low <= high:
        middle = (low + high) // 2
        if items[middle] == target:
            return middle
        if items[middle] < target:
            low = middle + 1   # 右半分を探す
        else:
            high = middle - 1  # 左半分を探す
    return -1
```""",
        question=(
            "整列済みのデータに対する二分探索の計算量はどれですか。",
            "What is the time complexity of binary search on sorted data?",
        ),
        answer=("O(log n)", "O(log n)"),
        wrong=(("O(n)", "O(n)"), ("O(n²)", "O(n²)")),
    ),
    "creative-problem-solving": SkillLesson(
        body="""前例のない課題では、正解を探すより、仮の答えをつくって試しながら良くしていく進め方が有効です。その代表がデザイン思考です。

デザイン思考は、共感、問題定義、創造（アイデア出し）、プロトタイプ、テストの5段階で進めます。最初の段階は「共感」で、利用者を観察したり話を聞いたりして、本人も言葉にしていない困りごとをつかみます。5段階は一方通行ではなく、テストの結果から問題定義に戻ることもよくあります。

![デザイン思考の5段階。共感、問題定義、創造、プロトタイプ、テスト。](design-thinking-flow.svg "図：デザイン思考の5段階")""",
        question=(
            "デザイン思考の5段階のうち、最初の段階はどれですか。",
            "Which is the first of the five stages of design thinking?",
        ),
        answer=("共感", "Empathise"),
        wrong=(("テスト", "Test"), ("プロトタイプ", "Prototype")),
    ),
    "critical-thinking": SkillLesson(
        body="""批判的思考とは、人を批判することではなく、前提や根拠を確かめながら筋道立てて考えることです。結論を急がず、「本当にそう言えるか」「他の見方はないか」を問います。

考えを整理するときは、要素を「漏れなく、ダブりなく」分けることを意識します。これをMECE（ミーシー）と呼びます。結論を頂点に、それを支える根拠を下に並べるピラミッドストラクチャーにすると、根拠から結論が言えるか（So What?）、結論の根拠は十分か（Why So?）を確かめやすくなります。

![ピラミッドストラクチャー。頂点に結論、その下に根拠1から根拠3、さらにその下に事実やデータ。](pyramid-structure.svg "図：ピラミッドストラクチャー")""",
        question=(
            "要素を「漏れなく、ダブりなく」分けることを何と呼びますか。",
            "What is splitting things up “with no gaps and no overlaps” called?",
        ),
        answer=("MECE", "MECE"),
        wrong=(("PDCA", "PDCA"), ("ROI", "ROI")),
    ),
    "customer-user-understanding": SkillLesson(
        body="""良いサービスは、作り手の思い込みではなく、利用者の実際の行動と気持ちから生まれます。まず代表的な利用者像（ペルソナ）を、インタビューや観察の結果をもとに描きます。

次に、その人がサービスを知ってから使い続けるまでの行動、考え、感情、接点を時系列で描きます。この図を「カスタマージャーニーマップ」と呼びます。感情が落ち込む場面が、改善すべき場所の候補です。

![カスタマージャーニーの5つの段階。認知、比較・検討、申込み、利用、継続・推奨。](customer-journey.svg "図：カスタマージャーニーの段階")""",
        question=(
            "利用者の行動や感情を、サービスを知ってから使い続けるまで時系列で描いた図はどれですか。",
            "Which diagram shows a user's actions and feelings over time, from hearing of a service to using it regularly?",
        ),
        answer=("カスタマージャーニーマップ", "A customer journey map"),
        wrong=(("ガントチャート", "A Gantt chart"), ("組織図", "An organisation chart")),
    ),
    "data-ai-operations": SkillLesson(
        body="""データやAIは、業務に組み込まれて初めて効果を生みます。本番導入の前には、小さな範囲で実現性と効果を確かめる「PoC（概念実証）」を行います。

PoCで終わってしまう「PoC止まり」を避けるには、始める前に、何がどれだけ改善したら本番に進むかという判断基準と、業務の担当者を決めておきます。本番導入後も、モデルの精度と業務上の効果を測り続け、データの傾向が変われば作り直します。

![データ・AI活用の循環。課題設定、PoC（概念実証）、本番導入、効果測定、改善、そして課題設定へ戻る。](data-ai-operations-cycle.svg "図：データ・AI活用は導入後も回し続ける")""",
        question=(
            "本番導入の前に、小さな範囲で実現性と効果を確かめる取り組みはどれですか。",
            "What is the small-scale trial that checks feasibility and effect before going into production?",
        ),
        answer=("PoC（概念実証）", "A PoC (proof of concept)"),
        wrong=(
            ("BCP（事業継続計画）", "A BCP (business continuity plan)"),
            ("RFP（提案依頼書）", "An RFP (request for proposal)"),
        ),
    ),
    "data-ai-strategy": SkillLesson(
        body="""データ・AIの活用テーマは、技術からではなく事業の課題から選びます。「需要予測で在庫を減らす」「問い合わせ対応を自動化する」など、候補を数多く挙げるところから始めます。

候補が出そろったら、「効果の大きさ」と「実現しやすさ」の2軸で並べます。実現しやすさには、必要なデータがそろっているか、業務の担当者が協力できるか、費用が見合うかを含めます。両方が高いテーマから着手し、効果は大きいが難しいテーマは、データの整備と並行して準備します。

![効果の大きさと実現しやすさの2軸の図。両方が高いものは最初に着手、効果が大きく難しいものは準備して挑戦、効果が小さく易しいものは小さく試す、両方が低いものは見送る。](data-ai-priority-matrix.svg "図：活用テーマの優先順位付け")""",
        question=(
            "活用テーマの優先順位を決める2つの軸は、「効果の大きさ」と何ですか。",
            "Prioritising themes uses two axes: the size of the effect and what else?",
        ),
        answer=("実現しやすさ", "Ease of implementation"),
        wrong=(
            ("話題になっている度合い", "How much it is in the news"),
            ("担当者の好み", "The staff's preferences"),
        ),
    ),
    "data-platform-design": SkillLesson(
        body="""分析用のデータ基盤では、業務システムのテーブルをそのまま使うのではなく、分析しやすい形に組み替えます。よく使われるのがスタースキーマです。

スタースキーマでは、売上や受注などの出来事と数値を記録する「ファクトテーブル」を中心に置き、日付、店舗、商品など分析の切り口を持つディメンションテーブルをその周りにつなぎます。集計はファクトテーブルの数値を、ディメンションの項目でまとめる形になります。

```SQL：スタースキーマの例（ファクトテーブルと2つのディメンション）
CREATE TABLE dim_store   (store_id INTEGER PRIMARY KEY, prefecture TEXT NOT NULL);
CREATE TABLE dim_product (product_id INTEGER PRIMARY KEY, category TEXT NOT NULL);
CREATE TABLE fact_sales (
    sold_on    DATE    NOT NULL,
    store_id   INTEGER NOT NULL REFERENCES dim_store,
    product_id INTEGER NOT NULL REFERENCES dim_product,
    quantity   INTEGER NOT NULL,
    amount_yen INTEGER NOT NULL
);

-- 都道府県別・カテゴリー別の売上
SELECT s.prefecture, p.category, SUM(f.amount_yen) AS sales_yen
FROM fact_sales f
JOIN dim_store s   ON s.store_id = f.store_id
JOIN dim_product p ON p.product_id = f.product_id
GROUP BY s.prefecture, p.category;
```""",
        question=(
            "スタースキーマで、売上などの出来事と数値を記録する中心のテーブルはどれですか。",
            "In a star schema, which central table records events such as sales and their figures?",
        ),
        answer=("ファクトテーブル", "The fact table"),
        wrong=(
            ("ディメンションテーブル", "A dimension table"),
            ("ログイン履歴テーブル", "A login history table"),
        ),
    ),
    "data-platform-impl-ops": SkillLesson(
        body="""データパイプラインは、いつか必ず途中で失敗し、再実行されます。そのため、何度実行しても結果が同じになる性質「冪等性」を持たせて作ります。

たとえば、日次の取り込みで「追加する」だけの処理は、再実行すると同じ行が二重に入ります。対象日のデータを置き換える、あるいはキーが同じ行は更新する（upsert）ように書けば、再実行しても結果は変わりません。処理件数と所要時間を記録し、普段と大きく違えば通知する監視も欠かせません。

```Python：日付単位で置き換える冪等な取り込み
def load_daily_sales(connection, day, rows):
    \"\"\"day の売上を rows で置き換える。何度実行しても結果は同じ。\"\"\"
    with connection:  # 1つのトランザクション：途中で失敗すれば何も変わらない
        connection.execute("DELETE FROM fact_sales WHERE sold_on = ?", (day,))
        connection.executemany(
            "INSERT INTO fact_sales (sold_on, store_id, product_id, quantity, amount_yen)"
            " VALUES (?, ?, ?, ?, ?)",
            [(day, r.store_id, r.product_id, r.quantity, r.amount_yen) for r in rows],
        )
```""",
        question=(
            "何度実行しても結果が同じになる性質を何と呼びますか。",
            "What is the property of giving the same result however many times it runs called?",
        ),
        answer=("冪等性", "Idempotence"),
        wrong=(("可用性", "Availability"), ("機密性", "Confidentiality")),
    ),
    "data-understanding": SkillLesson(
        body="""データを読むときは、まず分布の形を確かめます。代表値として平均値がよく使われますが、平均値は一部の極端な値（外れ値）に大きく引きずられます。

年収や住宅価格のように一部の値が極端に大きいデータでは、値を小さい順に並べて真ん中にくる「中央値」のほうが、典型的な姿を表します。次の例では、6人のうち1人の年収が極端に高いため、平均値は728万円になりますが、中央値は390万円です。

```Python：平均値と中央値
import statistics

incomes = [320, 350, 380, 400, 420, 2500]  # 年収（万円）
print(statistics.mean(incomes))    # 728.33…（外れ値に引きずられる）
print(statistics.median(incomes))  # 390.0
```""",
        question=(
            "外れ値の影響を受けにくい代表値として、このレッスンで紹介したものはどれですか。",
            "Which average does this lesson present as little affected by outliers?",
        ),
        answer=("中央値", "The median"),
        wrong=(("平均値", "The mean"), ("最大値", "The maximum")),
    ),
    "design-spec": SkillLesson(
        body="""画面の設計は、いきなり完成図を描くのではなく、段階を追って精度を上げていきます。段階ごとに確かめることが違うからです。

最初に、色や画像を入れず、要素の配置を線と箱だけで示す「ワイヤーフレーム」で、情報の優先順位と画面の流れを確かめます。次に、色や文字を入れたモックアップで見た目を決め、最後に操作できるプロトタイプで使い勝手を確かめます。早い段階ほど直すのが安く済みます。

![画面設計の3つの段階。ワイヤーフレーム（配置と流れ）、モックアップ（見た目）、プロトタイプ（操作）。](design-fidelity-flow.svg "図：段階を追って精度を上げる")""",
        question=(
            "色や画像を入れず、要素の配置を線と箱だけで示す設計図はどれですか。",
            "Which design drawing shows only the placement of elements, with lines and boxes and no colours or images?",
        ),
        answer=("ワイヤーフレーム", "A wireframe"),
        wrong=(("モックアップ", "A mock-up"), ("スタイルガイド", "A style guide")),
    ),
    "enterprise-architecture": SkillLesson(
        body="""エンタープライズアーキテクチャ（EA）は、組織全体の業務とシステムを俯瞰し、目指す姿に向けて整合をとる方法です。部門ごとに最適化されたシステムが乱立する状態を防ぎます。

EAでは組織を4つの層で捉えます。業務の流れや組織を描く層は「ビジネスアーキテクチャ」、扱う情報とその関係を描く層はデータアーキテクチャ、業務を支えるシステムの構成を描く層はアプリケーションアーキテクチャ、それを動かす基盤を描く層はテクノロジーアーキテクチャです。上の層の変更が下の層にどう波及するかを確かめながら計画します。

![エンタープライズアーキテクチャの4つの層。上から、ビジネス、データ、アプリケーション、テクノロジー。](enterprise-architecture-layers.svg "図：EAの4つの層")""",
        question=(
            "EAの4つの層のうち、業務の流れや組織を描く層はどれですか。",
            "Which of the four layers of enterprise architecture describes business processes and the organisation?",
        ),
        answer=("ビジネスアーキテクチャ", "Business architecture"),
        wrong=(
            ("テクノロジーアーキテクチャ", "Technology architecture"),
            ("アプリケーションアーキテクチャ", "Application architecture"),
        ),
    ),
    "frontend-dev": SkillLesson(
        body="""Reactでは、画面を部品（コンポーネント）に分けて組み立てます。コンポーネントは関数として書き、受け取った値から画面の一部を返します。

親コンポーネントから子コンポーネントへ値を渡す仕組みを「props」と呼びます。子は受け取ったpropsを書き換えず、表示に使うだけにします。画面の中で変わる値（入力中の文字など）は、useStateで状態として持ちます。TypeScriptでpropsの型を書いておくと、渡し間違いを書いた時点で見つけられます。

```TypeScript：props を受け取って講座の名前と時間を表示するコンポーネント
type CourseCardProps = {
  title: string;
  hours: number;
};

export function CourseCard({ title, hours }: CourseCardProps) {
  return (
    <article className="course-card">
      <h3>{title}</h3>
      <p>{hours}時間</p>
    </article>
  );
}

// 親から props を渡して使う
<CourseCard title="SQLとデータモデリングの基礎" hours={15} />;
```""",
        question=(
            "Reactで、親コンポーネントから子コンポーネントへ値を渡す仕組みはどれですか。",
            "In React, what passes values from a parent component to a child component?",
        ),
        answer=("props", "props"),
        wrong=(("cookie", "A cookie"), ("CSSの変数", "A CSS variable")),
    ),
    "incident-bcp": SkillLesson(
        body="""セキュリティ事故は起きる前提で備えます。ランサムウェアに感染した疑いがあれば、まず感染した端末をネットワークから切り離して被害の拡大を防ぎ、決められた連絡先に報告します。電源を切ると調査に必要な記録が失われることがあるため、手順を事前に決めておきます。

事業継続計画（BCP）では、止まると困る業務に優先順位を付け、業務をいつまでに再開するかの目標を決めます。これを「目標復旧時間（RTO）」と呼びます。バックアップは本番環境から切り離して保管し、実際に戻せるかを定期的に試します。

![インシデント対応の5つのステップ。検知と報告、初動対応（封じ込め）、調査、復旧、再発防止。](incident-response-flow.svg "図：インシデント対応の流れ")""",
        question=(
            "事業継続計画で、業務をいつまでに再開するかを定めた目標はどれですか。",
            "In business continuity planning, which target sets by when a business activity must be running again?",
        ),
        answer=("目標復旧時間（RTO）", "The recovery time objective (RTO)"),
        wrong=(
            ("平均故障間隔（MTBF）", "The mean time between failures (MTBF)"),
            ("投資利益率（ROI）", "The return on investment (ROI)"),
        ),
    ),
    "leadership": SkillLesson(
        body="""リーダーシップに唯一の正解の型はありません。状況対応型リーダーシップ（SL理論）では、メンバーの経験と意欲に合わせて、関わり方を変えることを勧めます。

経験が浅いメンバーには手順を具体的に示す指示型、少し慣れてきたら考えを聞きながら導くコーチ型、力はあるが自信が揺らいでいるメンバーには支える援助型で関わります。十分に経験を積み自律して動けるメンバーには、目標と権限を渡して任せる「委任型」が適しています。

![状況対応型リーダーシップの4つのスタイル。指示型、コーチ型、援助型、委任型。メンバーの成長に合わせて移っていく。](situational-leadership.svg "図：4つのスタイル")""",
        question=(
            "十分に経験を積み、自律して動けるメンバーに適した関わり方はどれですか。",
            "Which style suits a team member who is experienced and works on their own?",
        ),
        answer=("委任型", "Delegating"),
        wrong=(("指示型", "Directing"), ("コーチ型", "Coaching")),
    ),
    "ml-dl": SkillLesson(
        body="""機械学習のモデルは、学習に使ったデータに対してはよく当たります。そのデータで評価すると、学習データにだけ当てはまり新しいデータで性能が落ちる「過学習」に気付けません。

そこで、データを学習用とテスト用に分け、学習に使わなかったテストデータで評価します。ハイパーパラメータを調整するときは、さらに検証用のデータや交差検証を使い、テストデータは最後の確認にだけ使います。

```Python：学習用とテスト用に分けて評価する（scikit-learn）
from sklearn.datasets import load_breast_cancer
from sklearn.ensemble import RandomForestClassifier
from sklearn.model_selection import train_test_split

X, y = load_breast_cancer(return_X_y=True)
X_train, X_test, y_train, y_test = train_test_split(X, y, test_size=0.25, random_state=0)

model = RandomForestClassifier(random_state=0).fit(X_train, y_train)
print("学習データでの正解率:", model.score(X_train, y_train))  # 1.0 に近い
print("テストデータでの正解率:", model.score(X_test, y_test))   # こちらで判断する
```""",
        question=(
            "学習データにだけ当てはまり、新しいデータで性能が落ちる状態を何と呼びますか。",
            "What is it called when a model fits only its training data and does worse on new data?",
        ),
        answer=("過学習", "Overfitting"),
        wrong=(("正規化", "Normalisation"), ("次元削減", "Dimensionality reduction")),
    ),
    "other-advanced-tech": SkillLesson(
        body="""センサーと通信の進歩で、工場の設備や街の様子をほぼリアルタイムにデータとして集められるようになりました。現実の設備や環境をデータで仮想空間に再現したものを「デジタルツイン」と呼びます。

デジタルツインの上では、設備の配置を変えたらどうなるか、故障の兆候はないかを、現実を止めずに試せます。結果は現実の運用に戻され、現実の変化はまたデータとして仮想空間に取り込まれます。この往復を続けることで、予測の精度が上がっていきます。

![デジタルツインの循環。現実の設備（センサー）、データの収集、仮想空間のモデル、シミュレーション、現実への反映。](digital-twin-cycle.svg "図：現実と仮想空間の往復")""",
        question=(
            "現実の設備や環境をデータで仮想空間に再現したものを何と呼びますか。",
            "What is a virtual replica of real equipment or surroundings, built from data, called?",
        ),
        answer=("デジタルツイン", "A digital twin"),
        wrong=(("メタデータ", "Metadata"), ("ブロックチェーン", "A blockchain")),
    ),
    "other-design-techniques": SkillLesson(
        body="""読みやすさは見た目の好みではなく、誰もが情報を受け取れるかどうかの問題です。ウェブアクセシビリティの国際的な基準WCAG 2.2では、通常の文字と背景のコントラスト比を「4.5:1」以上（大きな文字は3:1以上）にすることを求めています。

色だけで情報を伝えないことも大切です。エラーを赤い色だけで示すのではなく、「必須項目です」のような文字や記号を添えます。画像には内容を伝える代替テキストを付けます。

```CSS：コントラスト比を満たす文字色の指定
/* 白い背景に濃いグレーの文字：コントラスト比 約17:1 */
body { color: #1a1a1a; background: #ffffff; }

/* 白い背景に青いリンク：約11:1 */
a { color: #0017c1; }

/* 薄いグレー（#999999）は白い背景では約2.8:1 で、本文には使えない */
.note { color: #595959; } /* 約7:1 */
```""",
        question=(
            "WCAG 2.2で、通常の文字と背景に求められるコントラスト比はどれですか。",
            "What contrast ratio does WCAG 2.2 require between normal text and its background?",
        ),
        answer=("4.5:1", "4.5:1"),
        wrong=(("1.5:1", "1.5:1"), ("2:1", "2:1")),
    ),
    "physical-computing": SkillLesson(
        body="""温度や明るさのセンサーの多くは、測った量を電圧の大きさ（アナログ信号）として出力します。マイコンのプログラムが扱えるのは数値なので、マイコンに内蔵された「ADコンバータ」でデジタル値に変換して読み取ります。

変換の細かさはビット数で決まります。12ビットなら0から4095までの4096段階です。読み取った値は、センサーのデータシートにある換算式で温度などの物理量に直します。

```MicroPython：明るさセンサーの電圧を1秒ごとに読む（ESP32）
from machine import ADC, Pin
import time

sensor = ADC(Pin(34))          # 34番ピンのADコンバータ
sensor.atten(ADC.ATTN_11DB)    # 約3.3Vまで測る
sensor.width(ADC.WIDTH_12BIT)  # 0〜4095 の12ビット

while True:
    raw = sensor.read()
    print("明るさ", raw, "電圧", round(raw / 4095 * 3.3, 2), "V")
    time.sleep(1)
```""",
        question=(
            "センサーが出すアナログの電圧を、マイコンで扱えるデジタル値に変換する回路はどれですか。",
            "Which circuit converts a sensor's analogue voltage into a digital value the microcontroller can use?",
        ),
        answer=("ADコンバータ", "An analogue-to-digital converter (ADC)"),
        wrong=(("DAコンバータ", "A digital-to-analogue converter (DAC)"), ("リレー", "A relay")),
    ),
    "privacy": SkillLesson(
        body="""個人情報保護法は、個人情報を扱う事業者に、取得から消去までの各段階で守るべきことを定めています。取得するときは利用目的をできるだけ具体的に特定し、本人に通知するか公表します。利用は、その目的の範囲内に限ります。

保管中は、漏えいなどを防ぐ安全管理措置を講じます。個人データを第三者に提供するには、法律の定める例外を除き、原則として「本人の同意」が必要です。目的を果たしたデータは、遅滞なく消去するよう努めます。

![個人情報の取扱いの5つの段階。取得（利用目的の通知・公表）、利用（目的の範囲内）、保管（安全管理措置）、提供（原則として本人の同意）、消去。](personal-data-lifecycle.svg "図：取得から消去まで")""",
        question=(
            "個人データを第三者に提供するとき、例外を除き原則として必要なものはどれですか。",
            "Apart from the exceptions in the law, what is needed as a rule before personal data is given to a third party?",
        ),
        answer=("本人の同意", "The person's consent"),
        wrong=(("上司の承認", "A manager's approval"), ("社内規程の改定", "A change of the company rules")),
    ),
    "project-management": SkillLesson(
        body="""プロジェクトは、決められた期間と予算で、一度きりの成果を生み出す活動です。計画の出発点は、何を作るか（スコープ）をはっきりさせることです。

スコープを、成果物の単位で階層的に分解した図を「WBS（作業分解構成図）」と呼びます。いちばん下の作業は、担当者と期間を見積もれる大きさまで分けます。WBSにない作業はプロジェクトの範囲外だと分かるので、範囲が膨らんでいくのを防ぐ手がかりにもなります。

![WBSの例。最上位に「社内ポータル刷新」、その下に要件定義、設計・開発、移行・教育、さらにその下に個々の作業。](wbs-tree.svg "図：WBS（作業分解構成図）")""",
        question=(
            "スコープを成果物の単位で階層的に分解した図はどれですか。",
            "Which diagram breaks the scope down, level by level, into deliverables and work?",
        ),
        answer=("WBS（作業分解構成図）", "A WBS (work breakdown structure)"),
        wrong=(
            ("KPI（重要業績評価指標）", "A KPI (key performance indicator)"),
            ("SLA（サービスレベル合意）", "An SLA (service level agreement)"),
        ),
    ),
    "secure-design-dev": SkillLesson(
        body="""利用者が入力した文字列を、文字列の連結でそのままSQL文に埋め込むと、入力にSQLの一部を紛れ込ませてデータを盗んだり消したりする攻撃を許してしまいます。これを「SQLインジェクション」と呼びます。

防ぐには、SQL文と値を分けて渡す「プレースホルダ」を使います。値はデータベースのドライバが安全に扱うため、どんな文字列が入力されてもSQL文の一部として解釈されることはありません。

```Python：危ない書き方と安全な書き方
# 危ない：入力がSQL文の一部になる（' OR '1'='1 と入力されると全件が返る）
cursor.execute(f"SELECT * FROM users WHERE email = '{email}'")

# 安全：プレースホルダ（%s）で値をSQL文と分けて渡す
cursor.execute("SELECT * FROM users WHERE email = %s", [email])
```""",
        question=(
            "SQLインジェクションを防ぐために、値をSQL文と分けて渡す仕組みはどれですか。",
            "What passes values separately from the SQL statement to prevent SQL injection?",
        ),
        answer=("プレースホルダ", "Placeholders (bound parameters)"),
        wrong=(("コメントアウト", "Commenting out"), ("データの圧縮", "Compressing the data")),
    ),
    "security-mgmt": SkillLesson(
        body="""セキュリティ対策は、製品を入れて終わりではなく、組織として継続的に管理するものです。その仕組みが情報セキュリティマネジメントシステム（ISMS）で、国際規格ISO/IEC 27001に要求事項が定められています。

守る対象は、情報セキュリティの3要素「機密性・完全性・可用性」です。許された人だけが見られること、内容が正しく改ざんされていないこと、必要なときに使えることを指します。リスクを洗い出して対策を決め（計画）、実行し、点検し、見直すというPDCAを回し続けます。

![ISMSのPDCAサイクル。計画（Plan）、実行（Do）、点検（Check）、処置（Act）。](isms-pdca-cycle.svg "図：ISMSのPDCAサイクル")""",
        question=(
            "情報セキュリティの3要素として、このレッスンで説明したものはどれですか。",
            "Which are the three elements of information security described in this lesson?",
        ),
        answer=("機密性・完全性・可用性", "Confidentiality, integrity and availability"),
        wrong=(
            ("迅速性・経済性・拡張性", "Speed, economy and scalability"),
            ("匿名性・透明性・公平性", "Anonymity, transparency and fairness"),
        ),
    ),
    "security-ops-monitoring": SkillLesson(
        body="""セキュリティの運用では、サーバーや機器のログを集め、普段と違う動きを早く見つけます。この役割を担う組織をSOC（セキュリティオペレーションセンター）と呼びます。

たとえば、同じ送信元から短時間に大量のログイン失敗が記録されていれば、パスワードを次々に試す「ブルートフォース攻撃」の兆候です。送信元ごとに失敗の回数を数え、しきい値を超えたら通知し、必要に応じて送信元を遮断します。

```shell：認証ログからログイン失敗の多い送信元を数える
$ grep "Failed password" /var/log/auth.log \\
    | grep -oE "from [0-9.]+" | sort | uniq -c | sort -rn | head -3
   1843 from 203.0.113.24
     12 from 198.51.100.7
      2 from 192.0.2.15
```""",
        question=(
            "同じ送信元から短時間に大量のログイン失敗が記録されるとき、その兆候として説明した攻撃はどれですか。",
            "Many failed logins from one source in a short time: which attack does the lesson say this is a sign of?",
        ),
        answer=("ブルートフォース攻撃", "A brute-force attack"),
        wrong=(("フィッシング", "Phishing"), ("サプライチェーン攻撃", "A supply-chain attack")),
    ),
    "security-organization": SkillLesson(
        body="""セキュリティ事故が起きたとき、誰が判断し、誰に連絡するかが決まっていなければ、対応は遅れます。そのため、事故に対応する専門のチーム「CSIRT（シーサート）」を組織の中に設けます。

CSIRTは、社内の各部門からの報告を受ける窓口になり、経営層への報告、外部の専門機関（JPCERT/CCなど）や警察との連絡を担います。平時には、脆弱性情報の収集、対応手順の整備、訓練を行います。

![CSIRTを中心にした連携の図。CSIRTが経営層、社内の各部門、外部の専門機関、取引先・委託先とつながる。](csirt-hub.svg "図：CSIRTは連絡の中心")""",
        question=(
            "セキュリティ事故に対応するために組織の中に設ける専門のチームはどれですか。",
            "What is the dedicated team an organisation sets up to respond to security incidents?",
        ),
        answer=("CSIRT", "A CSIRT"),
        wrong=(("PMO", "A PMO"), ("監査法人", "An audit firm")),
    ),
    "service-utilization": SkillLesson(
        body="""地図、決済、翻訳、生成AIなど、多くの機能は外部サービスのAPIとして提供されています。自分で一から作らずに組み合わせれば、早く安く機能を実現できます。

APIを呼び出すには、多くの場合APIキーが必要です。APIキーはパスワードと同じで、漏れると他人に使われて費用が発生します。ソースコードには書かず、「環境変数」やクラウドのシークレット管理サービスに置き、定期的に更新します。

```shell：APIキーを環境変数から読んで外部APIを呼ぶ
# キーはコードではなく環境変数に置く（リポジトリには含めない）
$ export WEATHER_API_KEY="（発行されたキー）"
$ curl -s -H "Authorization: Bearer $WEATHER_API_KEY" \\
    "https://api.example.com/v1/forecast?city=fukuoka"
```""",
        question=(
            "APIキーの置き場所として、このレッスンで勧めたものはどれですか。",
            "Where does this lesson recommend keeping an API key?",
        ),
        answer=("環境変数", "In environment variables"),
        wrong=(
            ("ソースコードの中", "In the source code"),
            ("公開リポジトリの説明書き", "In a public repository's README"),
        ),
    ),
    "software-design-methods": SkillLesson(
        body="""ソフトウェアは作った後も変更され続けます。変更しやすい設計の基本が「単一責任の原則」で、一つのクラスや関数を変更する理由は一つだけであるべきだ、という考え方です。

次の例では、最初のクラスが料金の計算とメールの送信の両方を受け持っているため、料金の規則が変わっても、メールの文面が変わっても、同じクラスを直すことになります。二つに分ければ、それぞれを独立して変更し、テストできます。

```Python：責任を分ける
# 変更の理由が二つある（料金の規則と、通知の方法）
class Enrolment:
    def price(self) -> int: ...
    def send_confirmation_mail(self) -> None: ...

# 分けると、それぞれ一つの理由でだけ変わる
class PriceCalculator:
    def price(self, course) -> int: ...

class ConfirmationMailer:
    def send(self, enrolment) -> None: ...
```""",
        question=(
            "「一つのクラスや関数を変更する理由は一つだけであるべきだ」という原則はどれですか。",
            "Which principle says a class or function should have only one reason to change?",
        ),
        answer=("単一責任の原則", "The single-responsibility principle"),
        wrong=(
            ("先入れ先出しの原則", "The first-in, first-out principle"),
            ("最小権限の原則", "The principle of least privilege"),
        ),
    ),
    "software-dev-process": SkillLesson(
        body="""チームでの開発では、mainブランチをいつでも動く状態に保ちます。変更は作業用のブランチで行い、「プルリクエスト」を作って他のメンバーのレビューを受け、自動テストが通ってからmainに統合します。

プルリクエストは小さく保つのがこつです。変更が小さいほどレビューは早く正確になり、問題があっても原因を見つけやすくなります。レビューでは、動くかどうかだけでなく、読みやすさや、テストが変更を確かめているかも見ます。

```shell：作業用のブランチからプルリクエストまで
$ git switch -c fix/enrolment-date     # 作業用のブランチを作る
$ git add learners/services.py tests/learners/test_services.py
$ git commit -m "Enrolment: store the completion date in Japan time"
$ git push -u origin fix/enrolment-date
# リポジトリの画面でプルリクエストを作り、レビューを依頼する
```""",
        question=(
            "作業用のブランチの変更をmainに統合する前に、レビューを受けるために作るものはどれですか。",
            "What do you open to have the changes on a working branch reviewed before they are merged into main?",
        ),
        answer=("プルリクエスト", "A pull request"),
        wrong=(("タグ", "A tag"), ("ホットフィックス", "A hotfix")),
    ),
    "sre-process": SkillLesson(
        body="""SRE（サイト信頼性エンジニアリング）では、サービスの信頼性を目標値で管理します。利用者から見た指標（成功した応答の割合など）に対する目標をSLOと呼びます。

SLOを100%にはしません。たとえば30日間で可用性99.9%をSLOにすると、許される停止は「約43分」です。この許容量をエラーバジェットと呼び、残っているうちは新機能を積極的に出し、使い切りそうなら信頼性の改善を優先します。

```Python：SLOからエラーバジェットを計算する
days = 30
slo = 0.999
budget_minutes = days * 24 * 60 * (1 - slo)
print(f"{budget_minutes:.1f} 分")  # 43.2 分
```""",
        question=(
            "30日間の可用性のSLOを99.9%にしたとき、許される停止時間（エラーバジェット）はどれですか。",
            "With an availability SLO of 99.9 % over 30 days, how much downtime does the error budget allow?",
        ),
        answer=("約43分", "About 43 minutes"),
        wrong=(("約4分", "About 4 minutes"), ("約7時間", "About 7 hours")),
    ),
    "stats-multivariate-viz": SkillLesson(
        body="""2つの変数の関係は、まず散布図で眺め、相関係数で強さを確かめます。相関係数は-1から1の値をとり、1に近いほど一方が増えると他方も増える関係が強いことを示します。

ただし、相関があっても因果関係があるとは限りません。夏にはアイスクリームの売上も水難事故の件数も増えるため、両者には強い相関が出ますが、アイスが事故を起こすわけではありません。共通の原因である気温が、両方を動かしています。このような共通の原因を交絡因子と呼びます。

```Python：相関係数を計算する
import numpy as np

temperature = [18, 22, 25, 28, 31, 33]   # 月平均気温（℃）
ice_cream   = [40, 55, 70, 88, 110, 125] # 売上（万円）
accidents   = [2, 3, 5, 6, 9, 10]        # 水難事故（件）

print(np.corrcoef(ice_cream, accidents)[0, 1])  # 0.99：強い相関。でも因果ではない
```""",
        question=(
            "アイスクリームの売上と水難事故の件数の相関について、このレッスンで共通の原因として挙げたものはどれですか。",
            "For the correlation between ice-cream sales and drowning accidents, what does the lesson name as the common cause?",
        ),
        answer=("気温", "The temperature"),
        wrong=(("曜日", "The day of the week"), ("店舗の数", "The number of shops")),
    ),
    "systems-engineering": SkillLesson(
        body="""大きなシステムは、要求を少しずつ具体的な設計に分解して作り、できたものを小さな部品から順に組み上げて確かめます。この対応を表したのがV字モデルです。

V字の左側を下りながら、要求定義、基本設計、詳細設計、実装と具体化し、右側を上りながら、単体テスト、結合テスト、総合テスト、受入テストで確かめます。左右の工程は対応していて、たとえば要求定義に対応するのは「受入テスト」です。テストの観点は、対応する設計の段階で決めておきます。

![V字モデル。左側に上から要求定義、基本設計、詳細設計、実装、右側に下から単体テスト、結合テスト、総合テスト、受入テスト。要求定義と受入テスト、基本設計と総合テスト、詳細設計と結合テスト、実装と単体テストが対応する。](v-model.svg "図：V字モデル")""",
        question=(
            "V字モデルで、要求定義に対応するテストはどれですか。",
            "In the V-model, which test corresponds to requirements definition?",
        ),
        answer=("受入テスト", "Acceptance testing"),
        wrong=(("単体テスト", "Unit testing"), ("結合テスト", "Integration testing")),
    ),
    "team-development": SkillLesson(
        body="""複数の人が同じコードを変更すると、統合するたびに問題が起きがちです。そこで、変更をこまめに統合し、そのたびに自動でビルドとテストを行います。これを「継続的インテグレーション（CI）」と呼びます。

CIがあれば、壊れた変更はすぐに見つかり、誰の変更が原因かも分かります。テストが通らない変更は統合しない、という約束をチームで守ることが前提です。

```YAML：プッシュのたびにテストを実行する設定の例（GitHub Actions）
name: tests
on: [push, pull_request]
jobs:
  test:
    runs-on: ubuntu-latest
    steps:
      - uses: actions/checkout@v4
      - uses: actions/setup-python@v5
        with:
          python-version: "3.11"
      - run: pip install -e ".[dev]"
      - run: pytest
```""",
        question=(
            "変更をこまめに統合し、そのたびに自動でビルドとテストを行うことを何と呼びますか。",
            "What is merging changes often and building and testing automatically each time called?",
        ),
        answer=("継続的インテグレーション（CI）", "Continuous integration (CI)"),
        wrong=(("ウォーターフォール", "Waterfall"), ("コードフリーズ", "A code freeze")),
    ),
    "value-discovery": SkillLesson(
        body="""良い解決策も、解く課題を間違えていれば価値を生みません。英国デザイン協議会が示したダブルダイヤモンドは、課題と解決策の両方で「広げてから絞る」ことを勧めるモデルです。

前半のダイヤモンドでは、調査で視野を広げる「発見」の後、解くべき課題を一つに絞る「定義」に進みます。後半のダイヤモンドでは、解決策の案を多く出す「展開」の後、試して良いものを届ける「提供」に進みます。

![ダブルダイヤモンド。発見（広げる）、定義（絞る）、展開（広げる）、提供（絞る）の4段階。](double-diamond.svg "図：ダブルダイヤモンド")""",
        question=(
            "ダブルダイヤモンドで、「発見」の次に来る、解くべき課題を一つに絞る段階はどれですか。",
            "In the Double Diamond, which stage comes after “discover” and narrows down to the one problem to solve?",
        ),
        answer=("定義", "Define"),
        wrong=(("提供", "Deliver"), ("展開", "Develop")),
    ),
    "verification-business": SkillLesson(
        body="""新しい事業のアイデアは、たいてい仮説の集まりです。「この顧客はこの課題にお金を払う」という仮説は、作り込む前に確かめるべきです。

リーンスタートアップでは、仮説を確かめられる最小限の機能を持つ製品「MVP（実用最小限の製品）」を作り、実際の顧客の反応を計測し、そこから学んで次の行動を決めます。構築、計測、学習の輪を速く回すほど、無駄な投資を減らせます。

![構築、計測、学習の循環。アイデアから製品（MVP）を構築し、データを計測し、学習して次のアイデアへ。](build-measure-learn.svg "図：構築・計測・学習のループ")""",
        question=(
            "仮説を確かめられる最小限の機能を持つ製品を何と呼びますか。",
            "What is the product with just enough features to test a hypothesis called?",
        ),
        answer=("MVP（実用最小限の製品）", "An MVP (minimum viable product)"),
        wrong=(
            ("ERP（統合基幹業務システム）", "An ERP (enterprise resource planning system)"),
            ("SLA（サービスレベル合意）", "An SLA (service level agreement)"),
        ),
    ),
    "verification-user": SkillLesson(
        body="""ユーザビリティテストでは、実際の利用者に課題（タスク）をこなしてもらい、迷ったりつまずいたりする場所を観察します。説明や手助けはせず、考えていることを声に出してもらいます。

大人数を集める必要はありません。ヤコブ・ニールセンは、「5人」程度の利用者でテストすると、使いにくさの多く（約85%）が見つかると示しました。一度に大人数で行うより、5人で試して直し、また5人で試すほうが多くの問題を解決できます。

![ユーザビリティテストの流れ。目的と仮説を決める、タスクを設計する、5人程度で実施する、問題を整理する、改善する。](usability-test-flow.svg "図：少人数で繰り返す")""",
        question=(
            "ニールセンが示した、使いにくさの多くが見つかるとされるテストの人数はどれですか。",
            "According to Nielsen, testing with how many users finds most usability problems?",
        ),
        answer=("5人", "Five users"),
        wrong=(("1人", "One user"), ("100人", "A hundred users")),
    ),
    "web-app-basics": SkillLesson(
        body="""Webアプリケーションでは、ブラウザがサーバーにHTTPでリクエストを送り、サーバーが応答を返します。応答の1行目のステータスコードが結果を表します。

200 OKは成功、「404 Not Found」は要求したページが見つからないこと、500 Internal Server Errorはサーバー側で問題が起きたことを示します。ブラウザは受け取ったHTMLを表示し、CSSで見た目を整え、JavaScriptで画面を動かします。データはサーバーの後ろのデータベースに保存されます。

```HTTP：ブラウザのリクエストとサーバーの応答
GET /courses/sql-data-modelling-basics/ HTTP/1.1
Host: portal.example.jp
Accept-Language: ja

HTTP/1.1 200 OK
Content-Type: text/html; charset=utf-8

<!DOCTYPE html>
<html lang="ja">…</html>
```""",
        question=(
            "要求したページが見つからないときにサーバーが返すステータスコードはどれですか。",
            "Which status code does the server return when the requested page cannot be found?",
        ),
        answer=("404 Not Found", "404 Not Found"),
        wrong=(("200 OK", "200 OK"), ("500 Internal Server Error", "500 Internal Server Error")),
    ),
}
