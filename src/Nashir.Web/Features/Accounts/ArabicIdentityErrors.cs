using Microsoft.AspNetCore.Identity;

namespace Nashir.Web.Features.Accounts;

/// <summary>Identity's messages that reach people (passwords, e-mail addresses) in Arabic.</summary>
public sealed class ArabicIdentityErrors : IdentityErrorDescriber
{
    public override IdentityError PasswordTooShort(int length) =>
        new() { Code = nameof(PasswordTooShort), Description = $"كلمة المرور قصيرة: اجعلها {length} أحرف على الأقل." };

    public override IdentityError PasswordRequiresUniqueChars(int uniqueChars) =>
        new() { Code = nameof(PasswordRequiresUniqueChars), Description = $"كلمة المرور تحتاج {uniqueChars} أحرف مختلفة على الأقل." };

    public override IdentityError PasswordRequiresDigit() =>
        new() { Code = nameof(PasswordRequiresDigit), Description = "كلمة المرور تحتاج رقمًا واحدًا على الأقل." };

    public override IdentityError PasswordRequiresLower() =>
        new() { Code = nameof(PasswordRequiresLower), Description = "كلمة المرور تحتاج حرفًا لاتينيًا صغيرًا واحدًا على الأقل." };

    public override IdentityError PasswordRequiresUpper() =>
        new() { Code = nameof(PasswordRequiresUpper), Description = "كلمة المرور تحتاج حرفًا لاتينيًا كبيرًا واحدًا على الأقل." };

    public override IdentityError PasswordRequiresNonAlphanumeric() =>
        new() { Code = nameof(PasswordRequiresNonAlphanumeric), Description = "كلمة المرور تحتاج رمزًا واحدًا على الأقل (مثل ! أو #)." };

    public override IdentityError PasswordMismatch() =>
        new() { Code = nameof(PasswordMismatch), Description = "كلمة المرور غير صحيحة." };

    public override IdentityError UserAlreadyHasPassword() =>
        new() { Code = nameof(UserAlreadyHasPassword), Description = "لهذا الحساب كلمة مرور من قبل." };

    public override IdentityError DuplicateEmail(string email) =>
        new() { Code = nameof(DuplicateEmail), Description = $"البريد {email} مستخدم في حساب آخر." };

    public override IdentityError DuplicateUserName(string userName) =>
        new() { Code = nameof(DuplicateUserName), Description = $"البريد {userName} مستخدم في حساب آخر." };

    public override IdentityError InvalidEmail(string? email) =>
        new() { Code = nameof(InvalidEmail), Description = "البريد الإلكتروني غير صالح." };

    public override IdentityError InvalidToken() =>
        new() { Code = nameof(InvalidToken), Description = "الرابط أو الرمز غير صالح أو منتهي الصلاحية." };
}
