using System.Globalization;
using System.Text;

namespace Portal.Web.Demo;

/// <summary>
/// Planted: one supplier's quotation cited by two requests of different counties, one usage receipt cited by the usage
/// reports of two requests, and a department that reports exactly what it was paid three times in a few months. The
/// demo's ordinary requests cite no evidence and report usage to the cent of what was spent, so only these trip
/// evidence-reuse and usage-equals-payment.
/// </summary>
internal static class DemoEvidencePlants
{
    /// <summary>Marks the plans; returns the documents they cite, by name, which the generator stores before filing.</summary>
    public static Dictionary<string, byte[]> Plant(List<DemoPlan> plans, int days)
    {
        var documents = new Dictionary<string, byte[]>(StringComparer.Ordinal);
        var taken = new HashSet<DemoPlan>();
        bool Free(DemoPlan p) => !taken.Contains(p) && p.Rejection is null && p.CancelDay is null && p.RapidApprovalMinutes is null
            && p.FirstApprovalMinute is null && p.FirstPaymentMinute is null && p.LastDay < days - 1;

        foreach (var mark in plans.Where(p => p.Number % 1000 == 600 && Free(p)))
        {
            // A quotation cited by the marked request and again, weeks later, by one for another county.
            if (plans.Where(q => q != mark && Free(q) && q.Region != mark.Region && q.FileDay > mark.FileDay + 10 && q.FileDay <= mark.FileDay + 60)
                .OrderBy(q => q.FileDay).FirstOrDefault() is not { } second)
            {
                continue;
            }
            var name = $"quote-{mark.Number}";
            documents[name] = Pdf($"Quotation {mark.Number}: materials for {mark.Purpose}, {mark.Amount.ToString("N2", CultureInfo.InvariantCulture)} yuan");
            mark.EvidenceDocument = second.EvidenceDocument = name;
            taken.UnionWith([mark, second]);
        }
        foreach (var mark in plans.Where(p => p.Number % 1000 == 700 && Free(p) && p.Usage.Count > 0))
        {
            // One receipt behind the usage reports of two requests.
            if (plans.Where(q => q != mark && Free(q) && q.Usage.Count > 0 && q.Usage[0].Day > mark.Usage[0].Day && q.Usage[0].Day <= mark.Usage[0].Day + 60)
                .OrderBy(q => q.Usage[0].Day).FirstOrDefault() is not { } second)
            {
                continue;
            }
            var name = $"receipt-{mark.Number}";
            documents[name] = Pdf($"Receipt {mark.Number}: {mark.Usage[0].Category}, {mark.Usage[0].Amount.ToString("N2", CultureInfo.InvariantCulture)} yuan");
            mark.UsageDocument = second.UsageDocument = name;
            taken.UnionWith([mark, second]);
        }
        foreach (var mark in plans.Where(p => p.Number % 1000 is 300 or 800))
        {
            // Three requests of one department, paid once each, whose usage is reported as exactly the payment
            // within the rule's six months.
            var department = mark.Official.Department;
            var reported = plans.Where(q => q.Number >= mark.Number && Free(q) && q.Official.Department == department
                && q.Payments.Count == 1 && q.Usage.Count == 1).OrderBy(q => q.Usage[0].Day).ToList();
            var start = Enumerable.Range(0, Math.Max(0, reported.Count - 2))
                .FirstOrDefault(i => reported[i + 2].Usage[0].Day - reported[i].Usage[0].Day <= 100, -1);
            if (start < 0)
            {
                continue;
            }
            var three = reported.GetRange(start, 3);
            foreach (var plan in three)
            {
                plan.Usage[0] = plan.Usage[0] with { Amount = plan.Payments[0].Amount };
                plan.Return = null;
            }
            taken.UnionWith(three);
        }
        return documents;
    }

    /// <summary>The contractor that wins most of one program's payments in the last weeks.</summary>
    public const string Contractor = "Guizhou Hengda Construction Co.";

    /// <summary>
    /// Planted payee-concentration: of the program with the most payments in the last 80 days, most of the amount goes to
    /// one contractor (the rule looks back 90 days from now, so every demo shows it); elsewhere payees are many.
    /// </summary>
    public static void PlantConcentration(List<DemoPlan> plans, DemoDays calendar, int days)
    {
        var since = calendar.Date(days - 1).AddDays(-80);
        var recent = plans.Where(p => !p.Planted && p.PayeeType is null && p.Rejection is null && p.CancelDay is null)
            .SelectMany(p => p.Payments.Select((payment, i) => (Plan: p, Index: i, payment.Day, payment.Amount)))
            .Where(x => x.Day < days - 1 && calendar.Date(x.Day) >= since)
            .GroupBy(x => x.Plan.Program).OrderByDescending(g => g.Count()).FirstOrDefault()?.ToList();
        if (recent is not { Count: >= 12 })
        {
            return;
        }
        var total = recent.Sum(x => x.Amount);
        var won = 0m;
        foreach (var (plan, index, day, amount) in recent.OrderByDescending(x => x.Amount))
        {
            if (won >= total * 0.6m)
            {
                break;
            }
            plan.Payments[index] = (day, amount, Contractor);
            won += amount;
        }
    }

    /// <summary>A small, valid PDF whose only page says what the document is.</summary>
    private static byte[] Pdf(string text)
    {
        var escaped = text.Replace("\\", "\\\\", StringComparison.Ordinal).Replace("(", "\\(", StringComparison.Ordinal).Replace(")", "\\)", StringComparison.Ordinal);
        var content = $"BT /F1 11 Tf 50 780 Td ({escaped}) Tj ET";
        var objects = new[]
        {
            "<< /Type /Catalog /Pages 2 0 R >>",
            "<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
            "<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Contents 4 0 R /Resources << /Font << /F1 5 0 R >> >> >>",
            $"<< /Length {Encoding.ASCII.GetByteCount(content)} >>\nstream\n{content}\nendstream",
            "<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>",
        };
        var pdf = new StringBuilder("%PDF-1.4\n");
        var offsets = new List<int>();
        for (var i = 0; i < objects.Length; i++)
        {
            offsets.Add(Encoding.ASCII.GetByteCount(pdf.ToString()));
            pdf.Append(CultureInfo.InvariantCulture, $"{i + 1} 0 obj\n{objects[i]}\nendobj\n");
        }
        var xref = Encoding.ASCII.GetByteCount(pdf.ToString());
        pdf.Append(CultureInfo.InvariantCulture, $"xref\n0 {objects.Length + 1}\n0000000000 65535 f \n");
        foreach (var offset in offsets)
        {
            pdf.Append(CultureInfo.InvariantCulture, $"{offset:D10} 00000 n \n");
        }
        pdf.Append(CultureInfo.InvariantCulture, $"trailer\n<< /Size {objects.Length + 1} /Root 1 0 R >>\nstartxref\n{xref}\n%%EOF\n");
        return Encoding.ASCII.GetBytes(pdf.ToString());
    }
}
