using Portal.Ledger.Funds;

namespace Portal.Web.Demo;

/// <summary>One request of the demo and everything that later happens to it, day by day.</summary>
internal sealed class DemoPlan
{
    /// <summary>The plan's position in the demo, 1-based; makes the bank references unique.</summary>
    public required int Number { get; init; }

    public required string Program { get; init; }
    public required string Region { get; init; }
    public required Actor Official { get; init; }
    public required decimal Amount { get; init; }
    public required string Purpose { get; init; }
    public required int Beneficiaries { get; init; }
    public required int FileDay { get; init; }
    public List<(int Day, Actor Approver)> Approvals { get; } = [];
    public (int Day, Actor Approver, string Reason)? Rejection { get; set; }
    public int? CancelDay { get; set; }
    public List<(int Day, decimal Amount, string Payee)> Payments { get; } = [];

    /// <summary>The payees' <see cref="PayeeTypes"/>: null for organisations.</summary>
    public string? PayeeType { get; set; }
    public List<(int Day, decimal Amount, string Category)> Usage { get; } = [];
    public (int Day, decimal Amount)? Return { get; set; }

    /// <summary>Planted rapid approval: each approval this many minutes after the previous step, on the filing's day.</summary>
    public int? RapidApprovalMinutes { get; set; }

    /// <summary>Planted off hours: the first approval this many minutes after 09:00 of its day (820 is 22:40; 1,500 is 10:00 the next day).</summary>
    public int? FirstApprovalMinute { get; set; }

    /// <summary>Planted off hours: the first payment this many minutes after 09:00 of its day (-130 is 06:50).</summary>
    public int? FirstPaymentMinute { get; set; }

    /// <summary>Planted evidence-reuse: the name of the document the filing cites, and its SHA-256 once stored.</summary>
    public string? EvidenceDocument { get; set; }
    public string? EvidenceSha256 { get; set; }

    /// <summary>Planted evidence-reuse: the receipt the first usage report cites, and its SHA-256 once stored.</summary>
    public string? UsageDocument { get; set; }
    public string? UsageSha256 { get; set; }

    /// <summary>The id of the request's first payment, which citizens' feedback concerns; 0 until paid.</summary>
    public long FirstDisbursementId { get; set; }

    /// <summary>The id the ledger gave the request; 0 until filed.</summary>
    public long RequestId { get; set; }

    /// <summary>Part of a planted duplicate payment: its payee and amount must stay as planted.</summary>
    public bool Planted { get; set; }

    /// <summary>Set when a step was refused: the plan's later steps are skipped.</summary>
    public bool Stopped { get; set; }

    public int LastDay => new[] { FileDay, CancelDay ?? 0, Rejection?.Day ?? 0, Return?.Day ?? 0 }
        .Concat(Approvals.Select(a => a.Day)).Concat(Payments.Select(p => p.Day)).Concat(Usage.Select(u => u.Day)).Max();
}

/// <summary>How many people a demo request serves: its amount over the program's cost per head, which varies by place and year.</summary>
internal static class DemoCosts
{
    /// <summary>
    /// The program's cost per head times a factor e^n, n normal (σ 0.2) and kept within ±0.3, from the request's own
    /// seed (not the demo's shared random numbers); <paramref name="outlier"/> plants a request that claims six times
    /// the cost per head, which cost-outlier should catch.
    /// </summary>
    public static int Beneficiaries(decimal amount, int perBeneficiary, int seed, bool outlier = false)
    {
        var random = new Random(seed * 7919 + 17);
        var normal = Math.Sqrt(-2 * Math.Log(1 - random.NextDouble())) * Math.Cos(2 * Math.PI * random.NextDouble());
        var factor = Math.Exp(Math.Clamp(0.2 * normal, -0.3, 0.3)) * (outlier ? 6 : 1);
        return Math.Max(1, (int)Math.Round((double)amount / (perBeneficiary * factor)));
    }
}

/// <summary>The programs of the demo fund, with what requests under them are for.</summary>
internal static class DemoPrograms
{
    public static IReadOnlyList<(string Code, string Name, string NameEn, string[] Purposes, string[] UsageCategories, string Payee, int PerBeneficiary)> All { get; } =
    [
        ("industry", "产业发展", "Industry development",
            ["Greenhouse vegetable cooperative in {0}", "Tea garden expansion for smallholders in {0}", "Cattle breeding cooperative in {0}", "Kiwifruit orchards for poor households in {0}"],
            ["seedlings and livestock", "greenhouse construction", "equipment", "technical training"], "farmers' cooperative", 6_000),
        ("relocation", "易地扶贫搬迁", "Relocation housing",
            ["Relocation housing for households leaving remote villages of {0}", "Resettlement community services in {0}"],
            ["construction", "relocation allowances", "community facilities"], "construction company", 25_000),
        ("education", "教育扶贫", "Education",
            ["Tuition and boarding support for students from poor households in {0}", "Rural school renovation in {0}"],
            ["tuition support", "school construction", "teaching materials"], "school", 3_000),
        ("medical", "健康扶贫", "Medical insurance",
            ["Rural medical insurance premiums for poor residents of {0}", "Village clinic equipment in {0}"],
            ["insurance premiums", "medical equipment", "clinic staff training"], "county hospital", 1_200),
        ("infrastructure", "基础设施", "Infrastructure",
            ["Village road hardening in {0}", "Drinking water project for villages of {0}", "Rural power grid upgrade in {0}"],
            ["roads", "water supply", "power supply"], "engineering company", 4_000),
        ("employment", "就业扶贫", "Employment and training",
            ["Vocational training for workers from poor households in {0}", "Poverty alleviation workshop jobs in {0}"],
            ["training courses", "wage subsidies", "workshop equipment"], "training centre", 2_500),
    ];
}
