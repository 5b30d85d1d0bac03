using System.Text.Json;
using Microsoft.AspNetCore.Http.HttpResults;

namespace Nashir.Web.Platform.Hosting;

/// <summary>
/// Reads a JSON request body so that a malformed one gets an RFC 7807 answer naming the field
/// ("publishAt: not a date"), instead of the framework's bare 400.
/// </summary>
public static class ApiJson
{
    public static async Task<(T? Value, ValidationProblem? Problem)> ReadAsync<T>(HttpRequest request) where T : class
    {
        if (!request.HasJsonContentType())
            return (null, Problem("$", "أرسل الطلب بصيغة JSON (Content-Type: application/json)."));
        try
        {
            var options = request.HttpContext.RequestServices.GetRequiredService<Microsoft.Extensions.Options.IOptions<Microsoft.AspNetCore.Http.Json.JsonOptions>>().Value.SerializerOptions;
            var value = await JsonSerializer.DeserializeAsync<T>(request.Body, options, request.HttpContext.RequestAborted);
            return value is null ? (null, Problem("$", "جسم الطلب فارغ.")) : (value, null);
        }
        catch (JsonException e)
        {
            var field = e.Path is { Length: > 2 } path && path.StartsWith("$.", StringComparison.Ordinal) ? path[2..] : "$";
            return (null, Problem(field, "قيمة غير صالحة أو JSON غير سليم" + (e.LineNumber is { } line ? $" (السطر {line + 1})." : ".")));
        }
    }

    public static ValidationProblem Problem(string field, string message) =>
        TypedResults.ValidationProblem(new Dictionary<string, string[]> { [field] = [message] }, title: "الطلب غير صالح");
}
