using Portal.Ledger.Funds;

namespace Portal.Web.Demo;

/// <summary>
/// Who the demo's payments go to. Insurance premiums and training stipends are paid to people, with synthetic
/// names (each drawn from the plan's own number, so the rest of the demo's random stream is unchanged); every
/// other purpose pays an organisation, named publicly.
/// </summary>
internal static class DemoPayees
{
    private static readonly string[] Surnames = ["王", "李", "张", "刘", "陈", "杨", "黄", "赵", "吴", "周", "徐", "孙", "马", "朱", "胡", "郭", "何", "罗", "龙", "吴"];
    private static readonly string[] GivenNames = ["秀英", "桂英", "建国", "志强", "丽", "敏", "晓燕", "伟", "芳", "勇", "春梅", "磊", "海燕", "杰", "玉兰", "涛", "明", "超", "金花", "红霞"];

    /// <summary>Purposes whose money goes to individuals (their program's first purposes).</summary>
    private static readonly string[] IndividualPurposes = ["Rural medical insurance premiums", "Vocational training"];

    public static bool PaysIndividuals(string purpose) => IndividualPurposes.Any(p => purpose.StartsWith(p, StringComparison.Ordinal));

    public static (string Name, string? Type) For(DemoPlan plan, string organisation)
    {
        if (!PaysIndividuals(plan.Purpose))
        {
            return (organisation, null);
        }
        var random = new Random(plan.Number);
        return (Surnames[random.Next(Surnames.Length)] + GivenNames[random.Next(GivenNames.Length)], PayeeTypes.Individual);
    }
}
