using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Nashir.Web.Features.Articles;

namespace Nashir.Web.Pages;

/// <summary>Re-executed for error status codes of pages (the API answers problem JSON instead).</summary>
[IgnoreAntiforgeryToken]
public sealed class ErrorModel(PublicArticles articles) : PageModel
{
    public int Code { get; private set; }
    public string Title { get; private set; } = "";
    public string Message { get; private set; } = "";
    public IReadOnlyList<ArticleCard> Latest { get; private set; } = [];

    public async Task OnGetAsync(int code, CancellationToken cancellationToken)
    {
        Code = code;
        (Title, Message) = code switch
        {
            404 => ("الصفحة غير موجودة", "ربما نُقلت هذه الصفحة أو حُذفت، أو أن الرابط غير صحيح."),
            403 => ("غير مسموح", "لا تملك صلاحية الوصول إلى هذه الصفحة."),
            400 or 413 or 415 => ("طلب غير صالح", "تعذّر فهم الطلب. تحقق من البيانات وحاول مجددًا."),
            429 => ("طلبات كثيرة", "أرسلت طلبات كثيرة في وقت قصير. انتظر قليلًا ثم حاول مجددًا."),
            _ => ("حدث خطأ غير متوقع", "نعتذر، حدث خطأ من جهتنا. حاول مجددًا بعد قليل."),
        };
        // Direct visits to /error/404 answer with that status too.
        if (HttpContext.Features.Get<Microsoft.AspNetCore.Diagnostics.IStatusCodeReExecuteFeature>() is null && code is >= 400 and < 600)
            Response.StatusCode = code;
        if (code == 404) Latest = await articles.LatestAsync(5, cancellationToken);
    }

    public Task OnPostAsync(int code, CancellationToken cancellationToken) => OnGetAsync(code, cancellationToken);
}
