using Portal.Ledger.Chain;
using Portal.Ledger.Funds;
using Portal.Tests.Infrastructure;
using static Portal.Tests.Infrastructure.FundScenario;

namespace Portal.Tests.Ledger.Funds;

public sealed class AnomalyTests
{
    [Fact]
    public async Task A_payment_entry_that_bypassed_the_rules_is_flagged()
    {
        await using var scenario = await CreateAsync();
        var filed = await scenario.FileAsync(5_000m);
        // Written straight to the ledger, as a compromised integration might: the rules never saw it.
        await scenario.Ledger.Writer.AppendAsync(new EntryDraft(FundEvents.DisbursementConfirmed, Bank.Id,
            FundEvents.Serialize(new DisbursementConfirmed(1, filed.Id, "ROGUE-1", 5_000m, "somebody"))));
        var anomalies = await Service(scenario).DetectAsync(DateTimeOffset.UtcNow);
        var flag = Assert.Single(anomalies, a => a.Kind == AnomalyKinds.PaymentWithoutApproval);
        Assert.Equal(filed.Id, flag.RequestId);
        // Amounts are written with their currency and grouped; the facts let a page word it in its reader's language.
        Assert.Equal($"Disbursement 1 paid CNY 5,000.00 on request {filed.Id}, which is pending, not approved.", flag.Detail);
        Assert.Equal(new AnomalyFacts(5_000m, "CNY", RequestState: "pending"), flag.Facts);
        Assert.Equal(1, flag.Record);
        Assert.True((await scenario.Ledger.ReadModels.RunAsync()).Ok);
    }

    [Fact]
    public async Task Flags_of_one_entry_share_a_page_and_a_request_s_score_combines_its_kinds()
    {
        await using var scenario = await CreateAsync();
        var paid = await scenario.ApprovedRequestAsync(5_000m);
        await scenario.Funds.ConfirmDisbursementAsync(Bank, new ConfirmDisbursement(paid, "P-1", 5_000m, "Huaxi cooperative"));
        var pending = await scenario.FileAsync(5_000m);
        // Paid without approval, to the payee and amount just paid on another request: two flags on one entry.
        var rogue = await scenario.Ledger.Writer.AppendAsync(new EntryDraft(FundEvents.DisbursementConfirmed, Bank.Id,
            FundEvents.Serialize(new DisbursementConfirmed(2, pending.Id, "ROGUE-1", 5_000m, "Huaxi cooperative"))));
        var service = Service(scenario);
        var now = DateTimeOffset.UtcNow;

        var first = await service.QueryAsync(new AnomalyFilter(), null, 1, now, TestContext.Current.CancellationToken);
        Assert.Equal([AnomalyKinds.DuplicatePayment, AnomalyKinds.PaymentWithoutApproval], first.Items.Select(a => a.Kind));
        Assert.All(first.Items, a => Assert.Equal(rogue.Index, a.LedgerIndex));
        Assert.Null(first.NextCursor);

        var duplicate = first.Items[0];
        Assert.Equal([paid, pending.Id], duplicate.RequestIds!.Order());
        Assert.Equal([1L, 2L], duplicate.DisbursementIds);
        // 1 - (1 - 0.6)(1 - 0.4): the rogue payment's request carries both kinds, and each flag scores its riskiest request.
        Assert.Equal([76, 76], first.Items.Select(a => a.Score));

        // Once usage is overdue on both, each request carries that too; later pages are computed as of the first's moment.
        var later = await service.QueryAsync(new AnomalyFilter(), null, 1, now.AddDays(31), TestContext.Current.CancellationToken);
        var missing = Assert.Single(later.Items);
        Assert.Equal((AnomalyKinds.UsageMissing, pending.Id, 81), (missing.Kind, missing.RequestId!.Value, missing.Score));
        Assert.True(AnomalyCursor.TryDecode(later.NextCursor!, out var cursor));
        var rest = await service.QueryAsync(new AnomalyFilter(), cursor, 10, now, TestContext.Current.CancellationToken);
        Assert.Equal([(AnomalyKinds.UsageMissing, 52), (AnomalyKinds.DuplicatePayment, 81), (AnomalyKinds.PaymentWithoutApproval, 81)],
            rest.Items.Select(a => (a.Kind, a.Score)));
        Assert.Null(rest.NextCursor);
    }

    [Fact]
    public async Task A_review_is_projected_filtered_on_and_rebuilt_and_only_a_supervisor_records_one()
    {
        await using var scenario = await CreateAsync();
        var filed = await scenario.FileAsync(5_000m);
        var rogue = await scenario.Ledger.Writer.AppendAsync(new EntryDraft(FundEvents.DisbursementConfirmed, Bank.Id,
            FundEvents.Serialize(new DisbursementConfirmed(1, filed.Id, "ROGUE-1", 5_000m, "somebody"))));
        var reviews = new AnomalyReviewService(scenario.Ledger.Writer);
        var flag = $"{AnomalyKinds.PaymentWithoutApproval}:{rogue.Index}";
        var before = await scenario.TreeSizeAsync();

        var refused = await Assert.ThrowsAsync<FundRefusalException>(() => reviews.ReviewAsync(Official, flag, ReviewOutcomes.Dismissed, "Mine"));
        Assert.Equal(FundErrors.Forbidden, refused.Code);
        refused = await Assert.ThrowsAsync<FundRefusalException>(() => reviews.ReviewAsync(Supervisor, $"{AnomalyKinds.DuplicatePayment}:{rogue.Index}", ReviewOutcomes.Dismissed, "No such flag"));
        Assert.Equal(FundErrors.NotFound, refused.Code);
        Assert.Equal(before, await scenario.TreeSizeAsync());

        var receipt = await reviews.ReviewAsync(Supervisor, flag, ReviewOutcomes.Referred, "Sent to the audit office.");
        var service = Service(scenario);
        var open = await service.QueryAsync(new AnomalyFilter(Reviewed: false), null, 50, DateTimeOffset.UtcNow, TestContext.Current.CancellationToken);
        Assert.Empty(open.Items);
        var settled = Assert.Single((await service.QueryAsync(new AnomalyFilter(Reviewed: true), null, 50, DateTimeOffset.UtcNow, TestContext.Current.CancellationToken)).Items);
        Assert.Equal(new AnomalyReview(ReviewOutcomes.Referred, "Sent to the audit office.", Supervisor.Id, settled.Review!.ReviewedAt, receipt.LedgerIndex), settled.Review);

        var rebuild = await scenario.Ledger.ReadModels.RunAsync();
        Assert.True(rebuild.Ok, string.Join("\n", rebuild.Differences));
    }

    [Fact]
    public async Task The_same_payee_and_amount_twice_within_a_week_is_flagged()
    {
        await using var scenario = await CreateAsync();
        var first = await scenario.ApprovedRequestAsync(8_000m);
        var second = await scenario.ApprovedRequestAsync(8_000m);
        await scenario.Funds.ConfirmDisbursementAsync(Bank, new ConfirmDisbursement(first, "D-1", 8_000m, "Huaxi cooperative"));
        await scenario.Funds.ConfirmDisbursementAsync(Bank, new ConfirmDisbursement(second, "D-2", 8_000m, "Huaxi cooperative"));
        var third = await scenario.ApprovedRequestAsync(8_000m);
        await scenario.Funds.ConfirmDisbursementAsync(Bank, new ConfirmDisbursement(third, "D-3", 7_999m, "Huaxi cooperative"));
        // Instalments of one request to one payee, equal and days apart, are no duplicate.
        var instalments = await scenario.ApprovedRequestAsync(16_000m);
        await scenario.Funds.ConfirmDisbursementAsync(Bank, new ConfirmDisbursement(instalments, "I-1", 8_000m, "Guiyang Builders"));
        await scenario.Funds.ConfirmDisbursementAsync(Bank, new ConfirmDisbursement(instalments, "I-2", 8_000m, "Guiyang Builders"));
        var duplicates = (await Service(scenario).DetectAsync(DateTimeOffset.UtcNow)).Where(a => a.Kind == AnomalyKinds.DuplicatePayment).ToList();
        var duplicate = Assert.Single(duplicates);
        Assert.Equal(second, duplicate.RequestId);
        Assert.Equal(new AnomalyFacts(8_000m, "CNY", 7, "Huaxi cooperative", duplicate.Facts!.EarlierDisbursementId), duplicate.Facts);
        Assert.Contains("received CNY 8,000.00 again", duplicate.Detail, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Missing_usage_and_idle_approvals_are_flagged_once_their_time_has_passed()
    {
        await using var scenario = await CreateAsync();
        var paid = await scenario.ApprovedRequestAsync(9_000m);
        await scenario.Funds.ConfirmDisbursementAsync(Bank, new ConfirmDisbursement(paid, "U-1", 9_000m, null));
        var reported = await scenario.ApprovedRequestAsync(9_000m);
        await scenario.Funds.ConfirmDisbursementAsync(Bank, new ConfirmDisbursement(reported, "U-2", 9_000m, null));
        await scenario.Funds.ReportUsageAsync(Official, new ReportUsage(reported, 9_000m, "works", null));
        var idle = await scenario.ApprovedRequestAsync(9_000m);

        var now = await Service(scenario).DetectAsync(DateTimeOffset.UtcNow);
        Assert.DoesNotContain(now, a => a.Kind is AnomalyKinds.UsageMissing or AnomalyKinds.FundsIdle);

        var later = await Service(scenario).DetectAsync(DateTimeOffset.UtcNow.AddDays(50));
        var missing = Assert.Single(later, a => a.Kind == AnomalyKinds.UsageMissing);
        Assert.Equal(paid, missing.RequestId);
        Assert.Equal($"Request {paid}: CNY 9,000.00 paid, no usage reported within 30 days.", missing.Detail);
        // A request that was paid links to its record; one never paid, to the entry that filed it.
        Assert.NotNull(missing.Record);
        var unpaid = Assert.Single(later, a => a.Kind == AnomalyKinds.FundsIdle);
        Assert.Equal(idle, unpaid.RequestId);
        Assert.Null(unpaid.Record);
        Assert.Equal(FundEvents.RequestFiled, (await scenario.Ledger.Reader.GetEntryAsync(unpaid.RequestEntry!.Value))!.Kind);
    }

    [Fact]
    public async Task Approvals_concentrated_in_one_approver_are_flagged()
    {
        await using var scenario = await CreateAsync();
        for (var i = 0; i < 20; i++)
        {
            await scenario.ApprovedRequestAsync(1_000m);
        }
        var flag = Assert.Single(await Service(scenario).DetectAsync(DateTimeOffset.UtcNow), a => a.Kind == AnomalyKinds.ApprovalConcentration);
        Assert.Contains(ApproverFinance.Id, flag.Detail, StringComparison.Ordinal);
        Assert.Equal(new AnomalyFacts(Days: 30, Approver: ApproverFinance.Id, Count: flag.Facts!.Count, Total: flag.Facts.Total), flag.Facts);
    }

    [Fact]
    public async Task A_complaint_the_department_leaves_unanswered_for_fifteen_days_is_flagged_until_answered()
    {
        await using var scenario = await CreateAsync();
        var paid = await scenario.ApprovedRequestAsync(6_000m);
        var payment = await scenario.Funds.ConfirmDisbursementAsync(Bank, new ConfirmDisbursement(paid, "C-1", 6_000m, "Huaxi canteen"));
        var feedback = new FeedbackService(scenario.Ledger.Writer, scenario.Ledger.Store);
        var complaint = await feedback.SubmitAsync(FeedbackService.AnonymousActor,
            new SubmitFeedback(FeedbackRules.DisbursementRecord, payment.DisbursementId, "complaint", "money-not-received", "No rice came", null, null));
        await feedback.SubmitAsync(FeedbackService.AnonymousActor,
            new SubmitFeedback(FeedbackRules.RequestRecord, paid, "question", null, "When is the next delivery?", null, null));

        Assert.DoesNotContain(await Service(scenario).DetectAsync(DateTimeOffset.UtcNow.AddDays(14)), a => a.Kind == AnomalyKinds.ComplaintUnanswered);
        var flag = Assert.Single(await Service(scenario).DetectAsync(DateTimeOffset.UtcNow.AddDays(16)), a => a.Kind == AnomalyKinds.ComplaintUnanswered);
        Assert.Equal(paid, flag.RequestId);
        Assert.Equal(payment.DisbursementId, flag.Record);
        Assert.Equal(complaint.LedgerIndex, flag.LedgerIndex);
        Assert.Equal($"Complaint {complaint.FeedbackId} on request {paid} has had no answer from the department for 15 days.", flag.Detail);

        await feedback.AnswerAsync(Official, complaint.FeedbackId, "Delivered on Monday.");
        Assert.DoesNotContain(await Service(scenario).DetectAsync(DateTimeOffset.UtcNow.AddDays(16)), a => a.Kind == AnomalyKinds.ComplaintUnanswered);
        Assert.True((await scenario.Ledger.ReadModels.RunAsync()).Ok);
    }

    private static AnomalyService Service(FundScenario scenario) => new(scenario.Ledger.Store);
}
