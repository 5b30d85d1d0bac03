using System.ComponentModel.DataAnnotations;
using Microsoft.AspNetCore.Identity;

namespace Nashir.Web.Areas.Admin.Pages;

/// <summary>A new password typed twice (password change and reset). 10 characters as in Identity's options (NIST: length over composition).</summary>
public sealed class NewPasswordInput
{
    [Required(ErrorMessage = "اكتب كلمة المرور الجديدة.")]
    [StringLength(1000, MinimumLength = 10, ErrorMessage = "كلمة المرور قصيرة: اجعلها 10 أحرف على الأقل.")]
    public string NewPassword { get; set; } = "";

    [Required(ErrorMessage = "أعد كتابة كلمة المرور الجديدة.")]
    [Compare(nameof(NewPassword), ErrorMessage = "الكلمتان غير متطابقتين.")]
    public string ConfirmPassword { get; set; } = "";
}

/// <summary>Identity's refusals of a password, in Arabic (its own descriptions are English).</summary>
public static class ArabicPasswordErrors
{
    public static string Describe(IdentityError error) => error.Code switch
    {
        nameof(IdentityErrorDescriber.PasswordTooShort) => "كلمة المرور قصيرة: اجعلها 10 أحرف على الأقل.",
        nameof(IdentityErrorDescriber.PasswordMismatch) => "كلمة المرور الحالية غير صحيحة.",
        nameof(IdentityErrorDescriber.InvalidToken) => "هذا الرابط لا يعمل: ربما استُعمل من قبل أو انتهت مدته.",
        nameof(IdentityErrorDescriber.ConcurrencyFailure) => "تغيّر الحساب في أثناء الحفظ؛ أعد المحاولة.",
        _ => "تعذّر حفظ كلمة المرور: " + error.Description,
    };
}
