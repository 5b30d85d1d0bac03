using System.ComponentModel.DataAnnotations;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Nashir.Web.Features.Mail;
using Nashir.Web.Features.SignIn;

namespace Nashir.Web.Areas.Admin.Pages;

/// <summary>Asks for a reset link. The answer is the same page whether or not the address has an account.</summary>
public sealed class ForgotPasswordModel(PasswordResets resets, SmtpMail mail) : PageModel
{
    public const string Answer = "إن كان هذا البريد مسجّلًا في غرفة التحرير فستصله خلال دقائق رسالة فيها رابط لاختيار " +
        "كلمة مرور جديدة، يعمل مرة واحدة خلال ساعتين. لم تصلك؟ انظر في مجلد الرسائل غير المرغوبة أو اطلب الرابط مجددًا.";

    [BindProperty]
    public ForgotInput Input { get; set; } = new();

    public bool Sent { get; private set; }
    public bool MailConfigured => mail.IsConfigured;

    public sealed class ForgotInput
    {
        [Required(ErrorMessage = "أدخل البريد الإلكتروني."), EmailAddress(ErrorMessage = "البريد الإلكتروني غير صالح.")]
        [StringLength(256, ErrorMessage = "البريد الإلكتروني أطول من المسموح.")]
        public string Email { get; set; } = "";
    }

    public void OnGet()
    {
    }

    public async Task<IActionResult> OnPostAsync()
    {
        if (!ModelState.IsValid) return Page();
        await resets.RequestAsync(Input.Email.Trim());
        Sent = true;
        return Page();
    }
}
