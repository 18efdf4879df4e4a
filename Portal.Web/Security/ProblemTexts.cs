namespace Portal.Web.Security;

/// <summary>
/// A sentence for the problems the framework answers with a bare status (a refused sign-in, a role without the
/// right, an address that matches nothing), so that every API refusal tells the caller what to do.
/// </summary>
public static class ProblemTexts
{
    public static void Explain(ProblemDetailsContext context)
    {
        var problem = context.ProblemDetails;
        if (!string.IsNullOrEmpty(problem.Detail))
        {
            return;
        }
        var request = context.HttpContext.Request;
        problem.Detail = problem.Status switch
        {
            StatusCodes.Status401Unauthorized =>
                "Sign in first (POST /api/account/login); the paying bank's endpoint takes its key as 'Authorization: ApiKey <key>' instead.",
            StatusCodes.Status403Forbidden => "Your account's role does not allow this; see docs/security.md for who may do what.",
            StatusCodes.Status404NotFound => $"Nothing is at {request.Path}: check the address against the API reference at /api/reference.",
            StatusCodes.Status405MethodNotAllowed => $"{request.Path} does not accept {request.Method}.",
            StatusCodes.Status413PayloadTooLarge => "The body is larger than this endpoint accepts.",
            StatusCodes.Status415UnsupportedMediaType => "This endpoint does not accept that content type.",
            _ => null,
        };
    }
}
