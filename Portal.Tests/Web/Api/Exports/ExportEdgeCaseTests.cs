using System.Globalization;
using System.Text;
using System.Text.Json;
using System.Xml.Linq;
using Portal.Ledger.Chain;
using Portal.Ledger.Funds;
using Portal.Ledger.Funds.Exports;
using Portal.Ledger.Storage;
using Portal.Tests.Infrastructure;
using Portal.Web.Api.Exports;
using static Portal.Tests.Infrastructure.FundScenario;

namespace Portal.Tests.Web.Api.Exports;

/// <summary>
/// The IATI and OCDS writers on the cases a demo rarely shows: partial payments, usage and a return, cancellations
/// before and after approval, a rejection, a pending request, Chinese text and amounts with cents. Each file must
/// pass its standard's official schema and add up to the fund's totals, on each database the exports read.
/// </summary>
public abstract class ExportEdgeCaseTests(DatabaseProvider provider) : IAsyncLifetime
{
    private static readonly PublishingOptions Publishing = new()
    {
        IatiOrgRef = "XI-IATI-TEST", IatiOrgType = "10", OrganisationName = "测试财政局", OrganisationNameEn = "Test Finance Bureau",
        OcidPrefix = "ocds-test01", License = "https://creativecommons.org/licenses/by/4.0/",
    };

    private FundScenario _scenario = null!;
    private long _partial, _cancelledEarly, _cancelledLate, _rejected, _pending;
    private long _sizeAfterFirstPayment;

    public async ValueTask InitializeAsync()
    {
        _scenario = await CreateAsync(provider: provider);
        var funds = _scenario.Funds;
        _partial = (await funds.FileRequestAsync(Official, new FileRequest(_scenario.FundId, "industry", "520111", 80_000.55m, "花溪区合作社温室大棚建设", 120, null))).Id;
        await funds.ApproveAsync(ApproverFinance, _partial, "同意");
        var first = await funds.ConfirmDisbursementAsync(Bank, new ConfirmDisbursement(_partial, "REF-1", 30_000.25m, null));
        _sizeAfterFirstPayment = first.LedgerIndex + 1;
        await funds.ConfirmDisbursementAsync(Bank, new ConfirmDisbursement(_partial, "REF-2", 50_000.30m, null));
        await funds.ReportUsageAsync(Official, new ReportUsage(_partial, 60_000.05m, "greenhouse construction", null));
        await funds.ReturnFundsAsync(Official, new ReturnFunds(_partial, 20_000.50m, "项目结余退回"));
        _cancelledEarly = (await _scenario.FileAsync(12_000m)).Id;
        await funds.CancelAsync(Official, _cancelledEarly, "重复申请");
        _cancelledLate = await _scenario.ApprovedRequestAsync(15_000.10m);
        await funds.CancelAsync(Official, _cancelledLate, "项目取消");
        _rejected = (await _scenario.FileAsync(9_999.99m)).Id;
        await funds.RejectAsync(ApproverFinance, _rejected, "材料不全");
        _pending = (await _scenario.FileAsync(5_000.01m)).Id;
    }

    public async ValueTask DisposeAsync()
    {
        await _scenario.DisposeAsync();
        GC.SuppressFinalize(this);
    }

    [Fact]
    public async Task Iati_activities_are_valid_and_their_transactions_add_up_to_the_fund()
    {
        var (xml, _) = await IatiAsync(null);
        var fund = await _scenario.FundAsync();
        var activities = xml.Root!.Elements("iati-activity").ToDictionary(a => long.Parse(a.Element("iati-identifier")!.Value.Split('-')[^1], CultureInfo.InvariantCulture));
        Assert.Equal(5, activities.Count);
        Assert.Equal($"XI-IATI-TEST-{_scenario.FundId}-{_partial}", activities[_partial].Element("iati-identifier")!.Value);
        Assert.Equal("4", Status(activities[_partial]));
        Assert.Equal("5", Status(activities[_cancelledEarly]));
        Assert.Equal("5", Status(activities[_cancelledLate]));
        Assert.Equal("5", Status(activities[_rejected]));
        Assert.Equal("1", Status(activities[_pending]));

        var transactions = xml.Descendants("transaction")
            .Select(t => (Type: t.Element("transaction-type")!.Attribute("code")!.Value, Value: decimal.Parse(t.Element("value")!.Value, CultureInfo.InvariantCulture)))
            .ToList();
        decimal Sum(string type, Func<decimal, bool> which) => transactions.Where(t => t.Type == type && which(t.Value)).Sum(t => t.Value);
        var returned = -Sum("3", v => v < 0);
        Assert.Equal(fund.Returned, returned);
        Assert.Equal(fund.Disbursed, Sum("3", v => v > 0));
        Assert.Equal(fund.Used, Sum("4", _ => true));
        // A return shrinks the commitment too: what is committed is the commitments less what came back.
        Assert.Equal(fund.Approved, Sum("2", _ => true) - returned);
        Assert.Equal(fund.Requested, xml.Descendants("budget").Sum(b => decimal.Parse(b.Element("value")!.Value, CultureInfo.InvariantCulture)));

        // Cents are kept, and Chinese text goes out as written, marked as Chinese.
        Assert.Contains(transactions, t => t.Value == 30_000.25m);
        var purpose = activities[_partial].Elements("description").First().Element("narrative")!;
        Assert.Equal("花溪区合作社温室大棚建设", purpose.Value);
        Assert.Equal("zh", purpose.Attribute(XNamespace.Xml + "lang")!.Value);
    }

    [Fact]
    public async Task Ocds_releases_are_valid_and_follow_each_request_through_its_stages()
    {
        var (package, text) = await OcdsAsync();
        Assert.Empty(await OpenDataSchemas.OcdsErrorsAsync(text));
        var releases = package.GetProperty("releases").EnumerateArray().ToList();
        string[] Tags(long request) => releases.Where(r => r.GetProperty("ocid").GetString() == $"ocds-test01-{request}")
            .Select(r => r.GetProperty("tag")[0].GetString()!).ToArray();
        Assert.Equal(["planning", "award", "contract", "implementation"], Tags(_partial));
        Assert.Equal(["planning", "tenderCancellation"], Tags(_cancelledEarly));
        Assert.Equal(["planning", "award", "contract", "awardCancellation"], Tags(_cancelledLate));
        Assert.Equal(["planning", "award"], Tags(_rejected));
        Assert.Equal(["planning"], Tags(_pending));

        var fund = await _scenario.FundAsync();
        var implementation = releases.Single(r => r.GetProperty("tag")[0].GetString() == "implementation")
            .GetProperty("contracts")[0].GetProperty("implementation");
        var payments = implementation.GetProperty("transactions").EnumerateArray().Select(t => t.GetProperty("value").GetProperty("amount").GetDecimal()).ToList();
        Assert.Equal(fund.Disbursed, payments.Where(p => p > 0).Sum());
        Assert.Equal(fund.Returned, -payments.Where(p => p < 0).Sum());
        Assert.Equal(fund.Used, implementation.GetProperty("usageReports").EnumerateArray().Sum(u => u.GetProperty("value").GetProperty("amount").GetDecimal()));
        Assert.Equal(fund.Requested, releases.Where(r => r.TryGetProperty("planning", out _))
            .Sum(r => r.GetProperty("planning").GetProperty("budget").GetProperty("amount").GetProperty("amount").GetDecimal()));
        Assert.Equal("unsuccessful", releases.Single(r => r.GetProperty("ocid").GetString() == $"ocds-test01-{_rejected}" && r.GetProperty("tag")[0].GetString() == "award")
            .GetProperty("awards")[0].GetProperty("status").GetString());
    }

    [Fact]
    public async Task Feedback_is_an_enquiry_of_its_requests_process_with_every_step_and_never_a_contact()
    {
        var feedback = new FeedbackService(_scenario.Ledger.Writer, _scenario.Ledger.Store);
        const string complaintText = "大棚还没有建好。The greenhouse is not built.";
        var complaint = await feedback.SubmitAsync(FeedbackService.AnonymousActor,
            new SubmitFeedback(FeedbackRules.RequestRecord, _partial, "complaint", "work-not-done", complaintText, null, "Tel 139-0000-5512"));
        var sizeBeforeAnswer = await _scenario.TreeSizeAsync();
        await feedback.AnswerAsync(Official, complaint.FeedbackId, "The frames arrive next week.");
        await feedback.EscalateAsync(Supervisor, complaint.FeedbackId, "Second complaint this month");
        await feedback.CloseAsync(Supervisor, complaint.FeedbackId, "resolved", "Built and inspected.");
        var question = await feedback.SubmitAsync(FeedbackService.AnonymousActor,
            new SubmitFeedback(FeedbackRules.RequestRecord, _pending, "question", null, "Abusive-Marker-5521 text", null, null));
        await feedback.HideAsync(Supervisor, question.FeedbackId, "Insults a named official");

        var (package, text) = await OcdsAsync();
        Assert.Empty(await OpenDataSchemas.OcdsErrorsAsync(text));
        Assert.Equal(OcdsReleases.EnquiryExtension, package.GetProperty("extensions").EnumerateArray().Single().GetString());
        Assert.DoesNotContain("139-0000-5512", text, StringComparison.Ordinal);
        Assert.DoesNotContain("Abusive-Marker", text, StringComparison.Ordinal);
        var releases = package.GetProperty("releases").EnumerateArray().Where(r => r.GetProperty("tag")[0].GetString() == "tenderUpdate").ToList();
        Assert.Equal(2, releases.Count);

        var closed = releases.Single(r => r.GetProperty("ocid").GetString() == $"ocds-test01-{_partial}");
        var enquiry = closed.GetProperty("tender").GetProperty("enquiries").EnumerateArray().Single();
        Assert.Equal(complaint.FeedbackId.ToString(CultureInfo.InvariantCulture), enquiry.GetProperty("id").GetString());
        Assert.Equal("complaint: work-not-done", enquiry.GetProperty("title").GetString());
        Assert.Equal(complaintText, enquiry.GetProperty("description").GetString());
        Assert.Equal("The frames arrive next week.", enquiry.GetProperty("answer").GetString());
        Assert.Equal("closed", enquiry.GetProperty("status").GetString());
        Assert.Equal(complaint.LedgerIndex, enquiry.GetProperty("ledgerIndex").GetInt64());
        Assert.Equal("Second complaint this month", enquiry.GetProperty("escalations")[0].GetProperty("reason").GetString());
        Assert.Equal("resolved", enquiry.GetProperty("closed").GetProperty("outcome").GetString());
        // Anyone can check the text is the one sent: the salt opens the commitment the entry holds.
        Assert.Equal(enquiry.GetProperty("textCommitment").GetString(),
            Portal.Ledger.Privacy.PersonalCommitment.Of(complaintText, Convert.FromHexString(enquiry.GetProperty("textSalt").GetString()!)));

        var hidden = releases.Single(r => r.GetProperty("ocid").GetString() == $"ocds-test01-{_pending}").GetProperty("tender").GetProperty("enquiries")[0];
        Assert.False(hidden.TryGetProperty("description", out _));
        Assert.False(hidden.TryGetProperty("textSalt", out _));
        Assert.Equal("Insults a named official", hidden.GetProperty("hidden").GetProperty("reason").GetString());
        Assert.Equal(Roles.Supervisor, hidden.GetProperty("hidden").GetProperty("role").GetString());

        // At an earlier state, the complaint as it stood then: open, unanswered.
        var (earlier, _) = await OcdsAsync(sizeBeforeAnswer);
        var then = earlier.GetProperty("releases").EnumerateArray().Single(r => r.GetProperty("tag")[0].GetString() == "tenderUpdate")
            .GetProperty("tender").GetProperty("enquiries")[0];
        Assert.Equal("open", then.GetProperty("status").GetString());
        Assert.False(then.TryGetProperty("answer", out _));
        Assert.Empty(then.GetProperty("answers").EnumerateArray());
    }

    [Fact]
    public async Task An_earlier_state_holds_only_what_the_ledger_held_then()
    {
        var (xml, state) = await IatiAsync(_sizeAfterFirstPayment);
        Assert.Equal(_sizeAfterFirstPayment, state.TreeSize);
        var activity = Assert.Single(xml.Root!.Elements("iati-activity"));
        Assert.Equal("2", Status(activity));
        Assert.All(xml.Descendants("transaction"), t => Assert.True(long.Parse(t.Attribute("ref")!.Value, CultureInfo.InvariantCulture) < state.TreeSize));
        Assert.Equal(["2", "3"], xml.Descendants("transaction-type").Select(t => t.Attribute("code")!.Value));
        Assert.Equal(ExportFormat.Time(state.Timestamp), xml.Root.Attribute("generated-datetime")!.Value);
    }

    [Fact]
    public async Task A_region_selects_its_subtree_also_when_its_code_ends_in_nine()
    {
        // The range of a prefix ending in 9 ends at the next number (520199 → 520200), not at a character after '9',
        // which collations other than SQLite's sort before the digits.
        await _scenario.Funds.DefineRegionsAsync(Admin, [new RegionDefined("520199", "5201", "county", "测试县", "Test County")]);
        var there = (await _scenario.FileAsync(1_000m, region: "520199")).Id;
        var exports = new OpenDataExports(_scenario.Ledger.Store);
        var size = await _scenario.TreeSizeAsync();
        async Task<List<long>> RequestsAsync(string region)
        {
            var ids = new List<long>();
            await foreach (var history in exports.StreamAsync(new DisbursementFilter(Region: region), size))
            {
                ids.Add(history.RequestId);
            }
            return ids;
        }
        Assert.Equal([there], await RequestsAsync("520199"));
        Assert.Contains(there, await RequestsAsync("5201"));
        Assert.Equal(6, (await RequestsAsync("52")).Count);
        Assert.DoesNotContain(there, await RequestsAsync("520111"));
    }

    [Fact]
    public async Task The_schemas_refuse_what_breaks_them()
    {
        // The checks above would pass vacuously if the validators accepted anything: break one required thing each.
        var (xml, _) = await IatiAsync(null);
        xml.Root!.Element("iati-activity")!.Element("iati-identifier")!.Remove();
        using var broken = new MemoryStream();
        xml.Save(broken);
        broken.Position = 0;
        Assert.NotEmpty(OpenDataSchemas.IatiErrors(broken, IatiActivities.PortalNamespace));

        var (_, text) = await OcdsAsync();
        Assert.NotEmpty(await OpenDataSchemas.OcdsErrorsAsync(text.Replace("\"tag\":[\"planning\"]", "\"tag\":[\"payment\"]", StringComparison.Ordinal)));
        Assert.NotEmpty(await OpenDataSchemas.OcdsErrorsAsync(text.Replace("\"version\":\"1.1\"", "\"version\":\"one\"", StringComparison.Ordinal)));
    }

    private static string Status(XElement activity) => activity.Element("activity-status")!.Attribute("code")!.Value;

    private async Task<(XDocument Xml, LedgerState State)> IatiAsync(long? treeSize)
    {
        var state = await _scenario.Ledger.Reader.GetStateAsync(treeSize);
        Assert.NotNull(state);
        var exports = new OpenDataExports(_scenario.Ledger.Store);
        var writer = new IatiActivities(Publishing, await exports.CatalogueAsync(), state, "https://portal.test/api/ledger/checkpoints/1");
        using var stream = new MemoryStream();
        await writer.WriteAsync(stream, exports.StreamAsync(new DisbursementFilter(), state.TreeSize), CancellationToken.None);
        stream.Position = 0;
        Assert.Empty(OpenDataSchemas.IatiErrors(stream, IatiActivities.PortalNamespace));
        stream.Position = 0;
        return (XDocument.Load(stream), state);
    }

    private async Task<(JsonElement Package, string Text)> OcdsAsync(long? treeSize = null)
    {
        var state = await _scenario.Ledger.Reader.GetStateAsync(treeSize);
        Assert.NotNull(state);
        var exports = new OpenDataExports(_scenario.Ledger.Store);
        var writer = new OcdsReleases(Publishing, await exports.CatalogueAsync(), state, "https://portal.test/api/ocds/releases.json", "https://portal.test/api/ledger/checkpoints/1");
        using var stream = new MemoryStream();
        await writer.WriteAsync(stream, exports.StreamAsync(new DisbursementFilter(), state.TreeSize),
            () => exports.StreamFeedbackAsync(new DisbursementFilter(), state.TreeSize), CancellationToken.None);
        var text = Encoding.UTF8.GetString(stream.ToArray());
        return (JsonDocument.Parse(text).RootElement.Clone(), text);
    }
}

public sealed class SqliteExportEdgeCaseTests() : ExportEdgeCaseTests(DatabaseProvider.Sqlite);

public sealed class PostgresExportEdgeCaseTests() : ExportEdgeCaseTests(DatabaseProvider.PostgreSql);
