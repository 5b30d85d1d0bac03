namespace Nashir.Web.Features.Social;

/// <summary>What kind of failure a network answer or a connection error is, whatever the network's own words.</summary>
public enum SocialErrorKind
{
    Credentials, NotFound, RateLimited, ServerError, Unreachable, Timeout, Refused, Duplicate, Settings,
}

/// <summary>A failure as the newsroom reads it: in Arabic, and the network's raw text kept for support.</summary>
public sealed record SocialProblem(SocialErrorKind Kind, string Explanation, string? Detail);

/// <summary>Arabic explanations of network failures, by kind (HTTP status or connection error).</summary>
public static class SocialErrors
{
    public static SocialErrorKind KindOf(int status) => status switch
    {
        401 or 403 => SocialErrorKind.Credentials,
        404 => SocialErrorKind.NotFound,
        429 => SocialErrorKind.RateLimited,
        >= 500 => SocialErrorKind.ServerError,
        _ => SocialErrorKind.Refused,
    };

    /// <summary>The explanation, ending with the HTTP status when there is one (support asks for it first).</summary>
    public static string Explain(SocialErrorKind kind, string network, int? status = null)
    {
        var name = ShortName(network);
        var text = kind switch
        {
            SocialErrorKind.Credentials => $"بيانات الاعتماد مرفوضة لدى {name}: الرمز غير صالح أو منتهٍ "
                + "أو سُحبت صلاحياته؛ أعد إدخاله في إعدادات الحساب",
            SocialErrorKind.NotFound => $"لم يُعثر لدى {name} على الحساب أو القناة أو الصفحة المحددة؛ "
                + "تحقّق من المعرّف في إعدادات الحساب",
            SocialErrorKind.RateLimited =>
                $"بلغ الموقع حدّ النشر المسموح لدى {name} (حد المعدل)؛ تُعاد المحاولة تلقائيًا بعد المهلة",
            SocialErrorKind.ServerError => $"خطأ مؤقت في خوادم {name}؛ تُعاد المحاولة تلقائيًا",
            SocialErrorKind.Unreachable => $"تعذّر الوصول إلى خوادم {name}: انقطاع في الشبكة أو عنوان خادم خاطئ",
            SocialErrorKind.Timeout => $"انتهت المهلة دون ردّ من {name}",
            SocialErrorKind.Duplicate => $"رُفض المنشور لدى {name} لأنه مكرر: نُشر نص مطابق من قبل",
            SocialErrorKind.Settings => "إعدادات الحساب ناقصة أو غير صالحة",
            _ => $"رُفض المنشور لدى {name} (النص أو الرابط أو المرفق)",
        };
        return status is { } code ? $"{text} ({code})." : text + ".";
    }

    public static SocialProblem Problem(SocialErrorKind kind, string network, int? status, string? detail) =>
        new(kind, Explain(kind, network, status),
            SocialAccounts.Trim(string.IsNullOrWhiteSpace(detail) ? null : detail.Trim()));

    public static SocialProblem FromStatus(string network, int status, string? detail) =>
        Problem(KindOf(status), network, status, detail);

    /// <summary>A failure before any answer: no connection, or no answer in time.</summary>
    public static SocialProblem FromException(string network, Exception exception) => exception switch
    {
        SocialConfigurationException => new(SocialErrorKind.Settings, exception.Message, null),
        HttpRequestException { StatusCode: { } status } => FromStatus(network, (int)status, exception.Message),
        HttpRequestException => Problem(SocialErrorKind.Unreachable, network, null, exception.Message),
        _ => Problem(SocialErrorKind.Timeout, network, null, exception.Message),
    };

    private static string ShortName(string network) => network switch
    {
        SocialNetworks.X => "إكس",
        SocialNetworks.Facebook => "فيسبوك",
        SocialNetworks.LinkedIn => "لينكدإن",
        SocialNetworks.Telegram => "تيليغرام",
        SocialNetworks.Mastodon => "ماستودون",
        SocialNetworks.Bluesky => "بلوسكاي",
        _ => network,
    };
}
