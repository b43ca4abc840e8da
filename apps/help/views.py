from django.contrib.auth.decorators import login_required
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods

from apps.accounts.permissions import require
from apps.core.steps import run_service
from apps.cycles.selectors import local_today
from apps.help.forms import SupportContactForm
from apps.help.models import SupportContact
from apps.help.selectors import help_for, public_contacts
from apps.help.services import support_contact_save
from apps.units.models import Unit


@require_GET
def help_page(request):
    """The year's steps of each role the reader holds, with their province's dates and
    whom to ask; visitors get what the portal is and every province's contact."""
    context = {}
    if request.user.is_authenticated:
        context["help"] = help_for(request.user, today=local_today())
    else:
        context["contacts"] = public_contacts()
    return render(request, "help/help.html", context)


@login_required
@require_http_methods(["GET", "POST"])
def contact_edit(request, province_id: int):
    """A province's administrator sets whom its people ask for help."""
    province = get_object_or_404(Unit, pk=province_id, depth=1)
    require(request.user, "help.edit_contact", province)
    contact = SupportContact.objects.filter(province=province).first()
    form = SupportContactForm(request.POST or None, instance=contact)
    if request.method == "POST" and form.is_valid():
        done = run_service(
            request,
            support_contact_save,
            province=province,
            fields=form.cleaned_data,
            now=timezone.now(),
            form=form,
            done=_("The support contact is saved."),
        )
        if done.ok:
            return redirect("help:page")
    return render(request, "help/contact_form.html", {"form": form, "province": province})
