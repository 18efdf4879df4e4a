using System.Diagnostics.CodeAnalysis;
using System.Reflection;
using System.Text.Json;
using System.Text.Json.Serialization;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.AspNetCore.Http.HttpResults;

namespace Portal.Web.Api.Commands;

/// <summary>
/// A command's JSON body, read strictly: JSON content only, at most <see cref="CommandEndpoints.MaxBodyBytes"/> (the server's own per-request
/// limit, which holds for chunked bodies too), no unknown members, numbers as numbers. A body that fails is carried
/// as its problem, which <see cref="CommandEndpoints"/> answers before the handler runs.
/// </summary>
public sealed class CommandBody<T> : ICommandBody
    where T : class
{
    private static readonly JsonSerializerOptions Strict = new(JsonSerializerDefaults.Web)
    {
        UnmappedMemberHandling = JsonUnmappedMemberHandling.Disallow,
        NumberHandling = JsonNumberHandling.Strict,
    };

    private CommandBody(T? value, ProblemHttpResult? problem)
    {
        Value = value!;
        Problem = problem;
    }

    public T Value { get; }

    public ProblemHttpResult? Problem { get; }

    [SuppressMessage("Design", "CA1000:Do not declare static members on generic types", Justification = "Minimal APIs bind a parameter through its type's static BindAsync.")]
    public static async ValueTask<CommandBody<T>> BindAsync(HttpContext http, ParameterInfo parameter)
    {
        if (http.Request.ContentLength > CommandEndpoints.MaxBodyBytes)
        {
            // Answered before the limit is lowered: the server then still reads past the unread body (within its own
            // limit) and keeps the connection for the client's next request.
            return Refused(TooLarge());
        }
        if (http.Features.Get<IHttpMaxRequestBodySizeFeature>() is { IsReadOnly: false } limit)
        {
            limit.MaxRequestBodySize = CommandEndpoints.MaxBodyBytes;
        }
        if (!http.Request.HasJsonContentType())
        {
            return Refused(TypedResults.Problem(statusCode: StatusCodes.Status415UnsupportedMediaType, title: "JSON expected", detail: "Send the command as application/json."));
        }
        try
        {
            var value = await JsonSerializer.DeserializeAsync<T>(http.Request.Body, Strict, http.RequestAborted);
            return value is null
                ? Refused(Problems.BadRequest("The body is empty: send the command as a JSON object."))
                : new CommandBody<T>(value, null);
        }
        catch (JsonException ex)
        {
            return Refused(Problems.BadRequest($"The body is not a valid command: {ex.Message}"));
        }
        catch (BadHttpRequestException ex) when (ex.StatusCode == StatusCodes.Status413PayloadTooLarge)
        {
            return Refused(TooLarge());
        }
    }

    private static CommandBody<T> Refused(ProblemHttpResult problem) => new(null, problem);

    private static ProblemHttpResult TooLarge() =>
        TypedResults.Problem(statusCode: StatusCodes.Status413PayloadTooLarge, title: "Body too large", detail: $"A command body is at most {CommandEndpoints.MaxBodyBytes} bytes.");
}

/// <summary>A command body of any type, as the endpoint filter sees it.</summary>
public interface ICommandBody
{
    ProblemHttpResult? Problem { get; }
}
