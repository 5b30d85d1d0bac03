using Microsoft.AspNetCore.Mvc;

namespace Nashir.Web.Platform.Hosting;

/// <summary>
/// The model binder's own messages (a number field holding letters, a missing value) in Arabic: without this a
/// form shows English next to an Arabic field.
/// </summary>
public static class ArabicBindingMessages
{
    public static IServiceCollection AddArabicBindingMessages(this IServiceCollection services) =>
        services.Configure<MvcOptions>(mvc =>
        {
            var messages = mvc.ModelBindingMessageProvider;
            messages.SetAttemptedValueIsInvalidAccessor((value, _) => $"القيمة «{value}» غير صالحة لهذا الحقل.");
            messages.SetNonPropertyAttemptedValueIsInvalidAccessor(value => $"القيمة «{value}» غير صالحة.");
            messages.SetValueIsInvalidAccessor(value => $"القيمة «{value}» غير صالحة.");
            messages.SetValueMustBeANumberAccessor(_ => "اكتب رقمًا في هذا الحقل.");
            messages.SetNonPropertyValueMustBeANumberAccessor(() => "اكتب رقمًا.");
            messages.SetMissingBindRequiredValueAccessor(_ => "هذا الحقل مطلوب.");
            messages.SetMissingKeyOrValueAccessor(() => "هذا الحقل مطلوب.");
            messages.SetValueMustNotBeNullAccessor(_ => "هذا الحقل مطلوب.");
            messages.SetMissingRequestBodyRequiredValueAccessor(() => "الطلب بلا محتوى.");
            messages.SetUnknownValueIsInvalidAccessor(_ => "القيمة غير صالحة.");
            messages.SetNonPropertyUnknownValueIsInvalidAccessor(() => "القيمة غير صالحة.");
        });
}
