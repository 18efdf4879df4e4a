using Bunit;
using Microsoft.AspNetCore.Components;
using Microsoft.Extensions.DependencyInjection;
using MudBlazor;
using MudBlazor.Services;
using Portal.Ledger.Funds;
using Portal.Tests.Infrastructure;
using Portal.Web.Components.Forms;
using Portal.Web.Components.Shared;
using Portal.Web.Evidence;
using Portal.Web.Localization;

namespace Portal.Tests.Web.Components;

/// <summary>
/// The official's follow-up dialog (withdraw, report usage, return) against a real ledger: invalid input shows
/// its message and appends nothing; valid input appends one entry and closes the dialog.
/// </summary>
public sealed class RequestFollowUpTests : PortalComponentContext, IAsyncLifetime
{
    private FundScenario _scenario = null!;
    private readonly TempDirectory _evidence = new();
    private bool? _closed;

    public async ValueTask InitializeAsync()
    {
        _scenario = await FundScenario.CreateAsync();
        Services.AddSingleton(_scenario.Funds);
        Services.AddSingleton(new EvidenceStore(_evidence.Path));
    }

    async ValueTask IAsyncDisposable.DisposeAsync()
    {
        await _scenario.DisposeAsync();
        _evidence.Dispose();
        await base.DisposeAsync();
    }

    [Fact]
    public async Task Usage_above_what_is_left_is_refused_in_the_form_and_a_valid_report_is_appended()
    {
        var id = await _scenario.ApprovedRequestAsync(80_000m);
        await _scenario.Funds.ConfirmDisbursementAsync(FundScenario.Bank, new ConfirmDisbursement(id, "REF-1", 80_000m, null));
        var dialog = RenderDialog(await SummaryAsync(id), FollowUpKind.Usage);
        var before = await _scenario.TreeSizeAsync();

        // Opens on what is left to account for.
        Assert.Equal("80000", Input(dialog, "follow-up-amount").GetAttribute("value")?.Replace(",", "", StringComparison.Ordinal).Split('.')[0]);
        Input(dialog, "follow-up-amount").Change("80000.01");
        Submit(dialog);
        dialog.WaitForAssertion(() => Assert.Contains("At most CN¥80,000.00 is left to account for.", dialog.Markup, StringComparison.Ordinal));
        Assert.Contains("Say what the money was spent on.", dialog.Markup, StringComparison.Ordinal);
        Assert.Equal(before, await _scenario.TreeSizeAsync());
        Assert.Null(_closed);

        Input(dialog, "follow-up-amount").Change("60000");
        Input(dialog, "follow-up-category").Change("greenhouse frames");
        Submit(dialog);
        dialog.WaitForAssertion(() => Assert.True(_closed));
        Assert.Equal(before + 1, await _scenario.TreeSizeAsync());
        Assert.Equal(60_000m, (await _scenario.RequestAsync(id)).Used);
    }

    [Fact]
    public async Task In_Chinese_the_dialog_speaks_Chinese_and_writes_yuan_and_the_ledger_gets_the_same_report()
    {
        using var _ = CultureScope.Use("zh-CN");
        var id = await _scenario.ApprovedRequestAsync(80_000m);
        await _scenario.Funds.ConfirmDisbursementAsync(FundScenario.Bank, new ConfirmDisbursement(id, "REF-3", 80_000m, null));
        var dialog = RenderDialog(await SummaryAsync(id), FollowUpKind.Usage);

        var text = dialog.Find("[data-testid=follow-up]").TextContent;
        Assert.Equal("报告使用情况", dialog.Find("[data-testid=follow-up-submit]").TextContent.Trim());
        Assert.Contains("已拨付 ¥80,000.00，已使用 ¥0.00，已退回 ¥0.00：", text, StringComparison.Ordinal);
        Assert.Contains("尚待报告使用或退回。", text, StringComparison.Ordinal);
        Assert.Contains("金额（元）", text, StringComparison.Ordinal);
        Assert.Contains("支出用途", text, StringComparison.Ordinal);
        Assert.Contains("收据或发票（可选）", text, StringComparison.Ordinal);
        Assert.Contains("取消", dialog.Markup, StringComparison.Ordinal);
        Assert.DoesNotContain("CN¥", text, StringComparison.Ordinal);
        Assert.DoesNotContain("Report usage", dialog.Markup, StringComparison.Ordinal);

        Input(dialog, "follow-up-amount").Change("80000.01");
        Submit(dialog);
        dialog.WaitForAssertion(() => Assert.Contains("尚待报告使用或退回的金额最多为 ¥80,000.00。", dialog.Markup, StringComparison.Ordinal));
        Assert.Contains("请说明资金的具体支出用途。", dialog.Markup, StringComparison.Ordinal);

        Input(dialog, "follow-up-amount").Change("20000");
        Input(dialog, "follow-up-category").Change("温室骨架");
        Submit(dialog);
        dialog.WaitForAssertion(() => Assert.True(_closed));
        Assert.Equal(20_000m, (await _scenario.RequestAsync(id)).Used);
    }

    [Fact]
    public async Task Withdrawing_needs_a_reason_and_then_cancels_the_request()
    {
        var filed = await _scenario.FileAsync(30_000m);
        var dialog = RenderDialog(await SummaryAsync(filed.Id), FollowUpKind.Withdraw);
        var before = await _scenario.TreeSizeAsync();

        Submit(dialog);
        dialog.WaitForAssertion(() => Assert.Contains("Say why the request is withdrawn.", dialog.Markup, StringComparison.Ordinal));
        Assert.Equal(before, await _scenario.TreeSizeAsync());

        dialog.Find("[data-testid=follow-up-reason]").Change("Filed twice by mistake");
        Submit(dialog);
        dialog.WaitForAssertion(() => Assert.True(_closed));
        Assert.Equal(RequestState.Cancelled, (await _scenario.RequestAsync(filed.Id)).State);
    }

    [Fact]
    public async Task A_zero_width_space_in_what_the_money_was_spent_on_is_named_under_the_field_and_nothing_is_appended()
    {
        using var _ = CultureScope.Use("en");
        var id = await _scenario.ApprovedRequestAsync(40_000m);
        await _scenario.Funds.ConfirmDisbursementAsync(FundScenario.Bank, new ConfirmDisbursement(id, "REF-4", 40_000m, null));
        var dialog = RenderDialog(await SummaryAsync(id), FollowUpKind.Usage);
        var before = await _scenario.TreeSizeAsync();

        Input(dialog, "follow-up-category").Change("greenhouse\u200Bframes");
        Submit(dialog);
        dialog.WaitForAssertion(() => Assert.Contains(
            "This text contains U+200B ZERO WIDTH SPACE, which can make it display differently from what is recorded: remove it.", dialog.Markup, StringComparison.Ordinal));
        Assert.Null(_closed);
        Assert.Equal(before, await _scenario.TreeSizeAsync());
    }

    [Fact]
    public async Task A_refusal_by_the_ledger_rules_is_shown_and_the_dialog_stays_open()
    {
        var id = await _scenario.ApprovedRequestAsync(50_000m);
        var summary = await SummaryAsync(id);
        // The form was opened before someone else paid the request: the rules, not the form, refuse the withdrawal.
        await _scenario.Funds.ConfirmDisbursementAsync(FundScenario.Bank, new ConfirmDisbursement(id, "REF-2", 10_000m, null));
        var dialog = RenderDialog(summary, FollowUpKind.Withdraw);
        var before = await _scenario.TreeSizeAsync();

        dialog.Find("[data-testid=follow-up-reason]").Change("No longer needed");
        Submit(dialog);
        dialog.WaitForAssertion(() => Assert.Contains("return unused funds instead", dialog.Find("[data-testid=follow-up-error]").TextContent, StringComparison.Ordinal));
        Assert.Null(_closed);
        Assert.Equal(before, await _scenario.TreeSizeAsync());
    }

    private IRenderedComponent<ContainerFragment> RenderDialog(RequestSummary request, FollowUpKind kind) =>
        Render<ContainerFragment>(p => p.Add(c => c.ChildContent, builder =>
        {
            builder.OpenComponent<MudPopoverProvider>(0);
            builder.CloseComponent();
            builder.OpenComponent<MudDialogProvider>(1);
            builder.CloseComponent();
            builder.OpenComponent<RequestFollowUp>(2);
            builder.AddAttribute(3, nameof(RequestFollowUp.Request), request);
            builder.AddAttribute(4, nameof(RequestFollowUp.Kind), kind);
            builder.AddAttribute(5, nameof(RequestFollowUp.Actor), FundScenario.Official);
            builder.AddAttribute(6, nameof(RequestFollowUp.Closed), EventCallback.Factory.Create<bool>(this, changed => _closed = changed));
            builder.CloseComponent();
        }));

    private static AngleSharp.Dom.IElement Input(IRenderedComponent<ContainerFragment> dialog, string testId) =>
        dialog.Find($"[data-testid={testId}]");

    private static void Submit(IRenderedComponent<ContainerFragment> dialog) => dialog.Find("[data-testid=follow-up-submit]").Click();

    private async Task<RequestSummary> SummaryAsync(long id) => (await new RequestQueries(_scenario.Ledger.Store).GetAsync(id))!;

    /// <summary>A host for the providers and the dialog side by side.</summary>
    public sealed class ContainerFragment : ComponentBase
    {
        [Parameter] public RenderFragment? ChildContent { get; set; }

        protected override void BuildRenderTree(Microsoft.AspNetCore.Components.Rendering.RenderTreeBuilder builder) => builder.AddContent(0, ChildContent);
    }
}
