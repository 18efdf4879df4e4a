using Portal.Ledger.Funds;

namespace Portal.Web.Demo;

/// <summary>The services the demo's steps run through: the fund's commands and citizens' feedback.</summary>
internal sealed record DemoCommands(FundService Funds, FeedbackService Feedback);

/// <summary>
/// Citizens' voice in the demo: on a few payments, people confirm the money arrived, ask questions the department
/// answers, and complain; most complaints are answered and closed by a supervisor, one is escalated first, a few
/// are left unanswered long enough to become anomalies, and one abusive message is hidden. Chosen by the plan's
/// number, so the demo stays deterministic; each lands on a day after the payment it is about.
/// </summary>
internal static class DemoFeedback
{
    public static IEnumerable<(int Day, Func<DemoCommands, CancellationToken, Task> Run)> Actions(DemoPlan plan)
    {
        if (plan.Payments.Count == 0)
        {
            return [];
        }
        var paid = plan.Payments[0].Day;
        // Rare cases first: a few unanswered complaints and abusive messages in 2,000 requests, not dozens.
        if (plan.Number % 600 == 19)
        {
            return Unanswered(plan, paid + 5);
        }
        if (plan.Number % 1000 == 123)
        {
            return Hidden(plan, paid + 2);
        }
        return (plan.Number % 300) switch
        {
            3 or 28 or 53 or 78 or 103 or 128 or 153 or 178 or 203 or 228 or 253 or 278 => Confirmation(plan, paid + 4),
            7 or 47 or 87 or 127 or 167 or 207 or 247 or 287 => Question(plan, paid + 2),
            11 or 71 or 131 or 191 => Complaint(plan, paid + 6, FeedbackCategories.WorkNotDone, escalate: false),
            41 => Complaint(plan, paid + 3, FeedbackCategories.MoneyNotReceived, escalate: true),
            _ => [],
        };
    }

    private static SubmitFeedback Feedback(DemoPlan plan, string kind, string? category, string text) =>
        new(FeedbackRules.DisbursementRecord, plan.FirstDisbursementId, kind, category, text, null, null);

    private static IEnumerable<(int, Func<DemoCommands, CancellationToken, Task>)> Confirmation(DemoPlan plan, int day)
    {
        var text = plan.Number % 2 == 0
            ? "钱已经到账了，谢谢。The money has arrived, thank you."
            : "工程已经完工，村里都在用。The work is finished and the village is using it.";
        yield return (day, (c, ct) => c.Feedback.SubmitAsync(FeedbackService.AnonymousActor, Feedback(plan, FeedbackKinds.Confirmation, null, text), ct));
    }

    private static IEnumerable<(int, Func<DemoCommands, CancellationToken, Task>)> Question(DemoPlan plan, int day)
    {
        long id = 0;
        yield return (day, async (c, ct) => id = (await c.Feedback.SubmitAsync(FeedbackService.AnonymousActor,
            Feedback(plan, FeedbackKinds.Question, null, "这笔钱覆盖哪几个村？Which villages does this payment cover?"), ct)).FeedbackId);
        yield return (day + 3, (c, ct) => c.Feedback.AnswerAsync(plan.Official, id,
            "It covers the villages named in the request; the list of households is posted at each township office.", ct));
    }

    private static IEnumerable<(int, Func<DemoCommands, CancellationToken, Task>)> Complaint(DemoPlan plan, int day, string category, bool escalate)
    {
        long id = 0;
        var text = category == FeedbackCategories.MoneyNotReceived
            ? "我家在名单上，但是到现在还没有收到钱。Our household is on the list but has not received the money."
            : "这笔钱付的工程做了一半就停了。The work this payment is for stopped half done.";
        yield return (day, async (c, ct) => id = (await c.Feedback.SubmitAsync(FeedbackService.AnonymousActor,
            Feedback(plan, FeedbackKinds.Complaint, category, text), ct)).FeedbackId);
        if (escalate)
        {
            yield return (day + 9, (c, ct) => c.Feedback.EscalateAsync(DemoActors.Supervisor, id, "No answer after nine days; the household list is to be checked against the bank's payments.", ct));
        }
        yield return (day + (escalate ? 11 : 4), (c, ct) => c.Feedback.AnswerAsync(plan.Official, id,
            escalate ? "The household was missed in the second payment batch; the bank paid it this week."
                : "Work stopped for the rainy season and resumes next month; the remaining part is in the contract.", ct));
        yield return (day + (escalate ? 16 : 20), (c, ct) => c.Feedback.CloseAsync(DemoActors.Supervisor, id,
            FeedbackOutcomes.Resolved, escalate ? "Payment confirmed with the bank." : "Site visited: the work has resumed.", ct));
    }

    /// <summary>Planted: a complaint nobody answers, which becomes an anomaly after 15 days.</summary>
    private static IEnumerable<(int, Func<DemoCommands, CancellationToken, Task>)> Unanswered(DemoPlan plan, int day)
    {
        yield return (day, (c, ct) => c.Feedback.SubmitAsync(FeedbackService.AnonymousActor,
            Feedback(plan, FeedbackKinds.Complaint, FeedbackCategories.AmountWrong, "公示的金额和村里说的不一样。The amount published differs from what the village was told."), ct));
    }

    /// <summary>An abusive message, hidden by a supervisor with a reason: the entry and the hiding stay.</summary>
    private static IEnumerable<(int, Func<DemoCommands, CancellationToken, Task>)> Hidden(DemoPlan plan, int day)
    {
        long id = 0;
        yield return (day, async (c, ct) => id = (await c.Feedback.SubmitAsync(FeedbackService.AnonymousActor,
            Feedback(plan, FeedbackKinds.Complaint, FeedbackCategories.Other, "村干部都是骗子！All the village cadres are crooks, names below…"), ct)).FeedbackId);
        yield return (day + 1, (c, ct) => c.Feedback.HideAsync(DemoActors.Supervisor, id, "Insults and names private persons; the complaint may be sent again without them.", ct));
    }
}
