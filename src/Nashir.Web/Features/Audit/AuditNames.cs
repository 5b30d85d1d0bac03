using System.Reflection;
using Nashir.Web.Features.Articles;

namespace Nashir.Web.Features.Audit;

/// <summary>The Arabic words the audit screen and its export use for action codes and target types.</summary>
public static class AuditNames
{
    private static readonly Dictionary<string, string> Actions = new(StringComparer.Ordinal)
    {
        [ArticleActions.Created] = "إنشاء مقال",
        [ArticleActions.Edited] = "تعديل مقال",
        [ArticleActions.Published] = "نشر مقال",
        [ArticleActions.Scheduled] = "جدولة مقال",
        [ArticleActions.Unpublished] = "إلغاء نشر مقال",
        [ArticleActions.Trashed] = "نقل مقال إلى المهملات",
        [ArticleActions.Restored] = "استعادة مقال",
        [AuditActions.SignIn] = "تسجيل دخول",
        [AuditActions.SignInFailed] = "محاولة دخول فاشلة",
        [AuditActions.SignOut] = "تسجيل خروج",
        [AuditActions.UserInvited] = "دعوة مستخدم",
        [AuditActions.InvitationResent] = "إعادة إرسال دعوة",
        [AuditActions.InvitationRevoked] = "إلغاء دعوة",
        [AuditActions.UserJoined] = "انضمام مستخدم",
        [AuditActions.UserRoleChanged] = "تغيير دور مستخدم",
        [AuditActions.UserDisabled] = "تعطيل مستخدم",
        [AuditActions.UserEnabled] = "إعادة تفعيل مستخدم",
        [AuditActions.UserUpdated] = "تعديل بيانات مستخدم",
        [AuditActions.PasswordChanged] = "تغيير كلمة المرور",
        [AuditActions.PasswordReset] = "إعادة تعيين كلمة المرور",
        [AuditActions.TwoFactorChanged] = "تغيير التحقق بخطوتين",
        [AuditActions.SectionChanged] = "تغيير قسم",
        [AuditActions.TagChanged] = "تغيير وسم",
        [AuditActions.PageChanged] = "تغيير صفحة",
        [AuditActions.MenuChanged] = "تغيير قائمة",
        [AuditActions.SocialAccountChanged] = "تغيير حساب اجتماعي",
        [AuditActions.SettingChanged] = "تغيير إعداد",
        [AuditActions.FrontPageChanged] = "تغيير الواجهة",
        [AuditActions.BreakingAlert] = "تغيير خبر عاجل",
    };

    private static readonly Dictionary<string, string> TargetTypes = new(StringComparer.Ordinal)
    {
        ["article"] = "مقال",
        ["user"] = "مستخدم",
        ["section"] = "قسم",
        ["tag"] = "وسم",
        ["page"] = "صفحة",
        ["menu"] = "قائمة",
        ["social-account"] = "حساب اجتماعي",
        ["setting"] = "إعداد",
        ["front-page"] = "الواجهة",
        ["breaking"] = "خبر عاجل",
    };

    /// <summary>Every action code the site writes (the constants of <see cref="ArticleActions"/> and <see
    /// cref="AuditActions"/>).</summary>
    public static IReadOnlyList<string> AllActions { get; } =
        [.. Codes(typeof(ArticleActions)), .. Codes(typeof(AuditActions))];

    public static IReadOnlyList<string> AllTargetTypes { get; } = [.. TargetTypes.Keys];

    /// <summary>The Arabic name of an action; the code itself for one without a name (never blank).</summary>
    public static string Action(string code) => Actions.GetValueOrDefault(code) ?? code;

    public static bool HasArabicName(string code) => Actions.ContainsKey(code);

    public static string TargetType(string? type) => type is null ? "" : TargetTypes.GetValueOrDefault(type) ?? type;

    private static IEnumerable<string> Codes(Type constants) =>
        constants.GetFields(BindingFlags.Public | BindingFlags.Static)
            .Where(f => f.IsLiteral && f.FieldType == typeof(string)).Select(f => (string)f.GetRawConstantValue()!);
}
