using Microsoft.AspNetCore.Http.HttpResults;
using Portal.Ledger.Funds;

namespace Portal.Web.Api.Commands;

/// <summary>What every fund command endpoint shares: a malformed body and a refused command answer as problem details.</summary>
public static class CommandEndpoints
{
    public const long MaxBodyBytes = 64 * 1024;

    /// <summary>
    /// Answers a body that could not be read with its problem, and a refusal with its stable "code" (and, for hidden
    /// characters, the field and the character), before or instead of the handler's answer. Nothing is appended.
    /// </summary>
    public static async ValueTask<object?> AnswerProblemsAsync(EndpointFilterInvocationContext context, EndpointFilterDelegate next)
    {
        if (context.Arguments.OfType<ICommandBody>().FirstOrDefault(b => b.Problem is not null) is { } unreadable)
        {
            return unreadable.Problem;
        }
        try
        {
            return await next(context);
        }
        catch (FundRefusalException refused)
        {
            return Problem(refused.Refusal);
        }
    }

    public static ProblemHttpResult Problem(Refusal refusal)
    {
        var extensions = new Dictionary<string, object?> { ["code"] = refusal.Code };
        if (refusal.Character is { } character)
        {
            // Lets a client point at the field and the character without parsing the message.
            extensions["field"] = refusal.Field;
            extensions["character"] = character.Notation;
        }
        return TypedResults.Problem(statusCode: StatusFor(refusal.Code), title: "Command refused", detail: refusal.ToString(), extensions: extensions);
    }

    public static int StatusFor(string code) => code switch
    {
        FundErrors.NotFound => StatusCodes.Status404NotFound,
        FundErrors.Forbidden or FundErrors.SelfApproval => StatusCodes.Status403Forbidden,
        FundErrors.InvalidAmount or FundErrors.InvalidArgument or FundErrors.InvalidCurrency or FundErrors.TextHasHiddenCharacters => StatusCodes.Status400BadRequest,
        _ => StatusCodes.Status409Conflict,
    };
}
