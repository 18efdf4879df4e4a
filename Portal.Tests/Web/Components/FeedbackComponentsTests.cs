using System.Text.Json;
using Bunit;
using Portal.Ledger.Funds;
using Portal.Tests.Infrastructure;
using Portal.Web.Components.Feedback;

namespace Portal.Tests.Web.Components;

/// <summary>
/// The record page's feedback: the form offers the three kinds and the complaint categories in the reader's
/// language and says the contact is never published; the list shows text as text, the department's answers and
/// the closing, and for a hidden message only that, when, by whom and why it was hidden.
/// </summary>
public sealed class FeedbackComponentsTests : PortalComponentContext
{
    private static readonly DateTimeOffset At = new(2026, 11, 20, 1, 30, 0, TimeSpan.Zero);

    [Fact]
    public void The_form_sends_to_the_records_api_and_offers_kinds_and_categories()
    {
        using var _ = CultureScope.Use("en");
        var form = Render<FeedbackForm>(p => p.Add(c => c.Action, "/api/disbursements/7/feedback"));

        var element = form.Find("form[data-feedback-form]");
        Assert.Equal("/api/disbursements/7/feedback", element.GetAttribute("data-action"));
        Assert.Equal(["question", "complaint", "confirmation"], form.FindAll("#feedback-kind option").Select(o => o.GetAttribute("value")));
        Assert.Equal(["", "money-not-received", "work-not-done", "amount-wrong", "other"], form.FindAll("#feedback-category option").Select(o => o.GetAttribute("value")));
        Assert.Equal("2000", form.Find("#feedback-text").GetAttribute("maxlength"));
        Assert.Equal("200", form.Find("#feedback-contact").GetAttribute("maxlength"));
        Assert.Contains("Never published", form.Markup, StringComparison.Ordinal);
        // Every field has its label, for screen readers and for the accessibility check.
        foreach (var id in new[] { "feedback-kind", "feedback-category", "feedback-text", "feedback-contact" })
        {
            Assert.Single(form.FindAll($"label[for={id}]"));
        }
        var messages = JsonDocument.Parse(element.GetAttribute("data-messages")!).RootElement;
        Assert.Equal("Write your message.", messages.GetProperty("textRequired").GetString());
        Assert.True(form.Find("[data-feedback-receipt]").HasAttribute("hidden"));
    }

    [Fact]
    public void The_form_speaks_Chinese_under_zh_CN()
    {
        using var _ = CultureScope.Use("zh-CN");
        var form = Render<FeedbackForm>(p => p.Add(c => c.Action, "/api/disbursements/7/feedback"));

        Assert.Equal(["提问", "投诉", "确认（已收到钱款、工程已完成）"], form.FindAll("#feedback-kind option").Select(o => o.TextContent));
        Assert.Contains("未收到钱款", form.Markup, StringComparison.Ordinal);
        Assert.Contains("不会公开", form.Markup, StringComparison.Ordinal);
        var messages = JsonDocument.Parse(form.Find("form").GetAttribute("data-messages")!).RootElement;
        Assert.Equal("请填写留言。", messages.GetProperty("textRequired").GetString());
        Assert.DoesNotContain("Your message", form.Markup, StringComparison.Ordinal);
    }

    [Fact]
    public void The_list_shows_text_as_text_with_the_answers_and_the_closing()
    {
        using var _ = CultureScope.Use("en");
        var item = Item(1, "complaint", "money-not-received", "<script>alert(1)</script> nothing came", null) with
        {
            Status = "closed",
            Answers = [new FeedbackAnswer("Paid on 3 November; see the bank reference.", "520102-fp", At, 41)],
            Closed = new FeedbackClosing(FeedbackOutcomes.Resolved, "Payee confirmed receipt", At, 43),
        };
        var list = Render<FeedbackList>(p => p.Add(c => c.Items, [item]));

        Assert.Empty(list.FindAll("script"));
        Assert.Equal("<script>alert(1)</script> nothing came", list.Find("[data-testid=feedback-text]").TextContent);
        Assert.Contains("Complaint", list.Markup, StringComparison.Ordinal);
        Assert.Contains("Money not received", list.Markup, StringComparison.Ordinal);
        Assert.Contains("Paid on 3 November", list.Find("[data-testid=feedback-answer]").TextContent, StringComparison.Ordinal);
        Assert.Contains("Closed: Resolved", list.Find("[data-testid=feedback-closed]").TextContent, StringComparison.Ordinal);
        Assert.Equal(["/ledger/entries/40", "/ledger/entries/41", "/ledger/entries/43"], list.FindAll("a").Select(a => a.GetAttribute("href")));
    }

    [Fact]
    public void A_hidden_message_shows_only_that_it_was_hidden_when_by_whom_and_why()
    {
        using var _ = CultureScope.Use("en");
        var item = Item(2, "question", null, null, new FeedbackHiding(At, Roles.Supervisor, "Insults a named clerk", 45));
        var list = Render<FeedbackList>(p => p.Add(c => c.Items, [item]));

        Assert.Empty(list.FindAll("[data-testid=feedback-text]"));
        var hidden = list.Find("[data-testid=feedback-hidden]").TextContent;
        Assert.Contains("Hidden by a Supervisor on", hidden, StringComparison.Ordinal);
        Assert.Contains("Insults a named clerk", hidden, StringComparison.Ordinal);
        Assert.Contains("2026", hidden, StringComparison.Ordinal);
    }

    [Fact]
    public void An_empty_list_says_so()
    {
        using var _ = CultureScope.Use("zh-CN");
        var list = Render<FeedbackList>(p => p.Add(c => c.Items, Array.Empty<FeedbackItem>()));

        Assert.Equal("还没有人对这条记录留言。", list.Find("[data-testid=no-feedback]").TextContent);
    }

    private static FeedbackItem Item(long id, string kind, string? category, string? text, FeedbackHiding? hidden) =>
        new(id, "disbursement", 7, 3, kind, category, text, new string('a', 64), text is null ? null : new string('b', 64), At, "open", 40, [], [], [], null, hidden);
}
