using Portal.Ledger.Funds;

namespace Portal.Web.Demo;

/// <summary>
/// The people and systems of the demo. Their ids are what the ledger records as actors; the demo sign-in accounts
/// act as these same ids.
/// </summary>
public static class DemoActors
{
    public static Actor Administrator { get; } = new("demo-admin", "Portal administrator", null, Set(Roles.Administrator));

    /// <summary>A second administrator: erasing a person's name needs one to ask and another to approve.</summary>
    public static Actor SecondAdministrator { get; } = new("demo-admin-2", "Second portal administrator", null, Set(Roles.Administrator));

    public static Actor Supervisor { get; } = new("demo-supervisor", "Supervisor, Guizhou Audit Office", DemoDepartments.Audit, Set(Roles.Supervisor));

    public static Actor ProvinceApprover { get; } = new("demo-approver-finance", "Approver, Guizhou Department of Finance", DemoDepartments.Finance, Set(Roles.Approver));

    public static Actor Bank { get; } = new("demo-bank", "Paying bank (system)", null, Set(Roles.Bank));

    public static Actor OfficialOf(string department) => new($"demo-official-{department}", $"Official, {department}", department, Set(Roles.Official));

    public static Actor ApproverOf(string department) => new($"demo-approver-{department}", $"Approver, {department}", department, Set(Roles.Approver));

    /// <summary>Another approver of the department: the <paramref name="colleague"/>-th (0 is <see cref="ApproverOf(string)"/>).</summary>
    public static Actor ApproverOf(string department, int colleague) => colleague == 0 ? ApproverOf(department)
        : new($"demo-approver-{department}-{colleague + 1}", $"Approver {colleague + 1}, {department}", department, Set(Roles.Approver));

    private static HashSet<string> Set(params string[] roles) => [.. roles];
}

public static class DemoDepartments
{
    public const string Finance = "gz-finance";
    public const string Audit = "gz-audit";

    /// <summary>Province-level departments: code, Chinese name, English name, the program they file under (if any).</summary>
    public static IReadOnlyList<(string Code, string Name, string NameEn, string? Program)> Province { get; } =
    [
        (Finance, "贵州省财政厅", "Guizhou Department of Finance", null),
        (Audit, "贵州省审计厅", "Guizhou Audit Office", null),
        ("gz-agriculture", "贵州省农业农村厅", "Guizhou Department of Agriculture and Rural Affairs", "industry"),
        ("gz-education", "贵州省教育厅", "Guizhou Department of Education", "education"),
        ("gz-health", "贵州省卫生健康委员会", "Guizhou Health Commission", "medical"),
        ("gz-housing", "贵州省住房和城乡建设厅", "Guizhou Department of Housing and Urban-Rural Development", "relocation"),
        ("gz-transport", "贵州省交通运输厅", "Guizhou Department of Transport", "infrastructure"),
    ];

    /// <summary>Each prefecture's poverty alleviation office, e.g. 5201-pao for Guiyang.</summary>
    public static string OfficeOf(string prefectureCode) => $"{prefectureCode}-pao";
}
