PURPOSES = {"home", "auto", "education", "personal"}
TERMS = {12, 24, 36, 48, 60}


def is_int(value):
    return isinstance(value, int) and not isinstance(value, bool)


def is_number(value):
    return isinstance(value, (int, float)) and not isinstance(value, bool)


def is_name(value):
    return isinstance(value, str) and value.strip() != ""


def is_email(value):
    if not isinstance(value, str) or value.count("@") != 1:
        return False
    local, domain = value.split("@")
    return bool(local) and "." in domain and not domain.startswith(".") \
        and not domain.endswith(".")


def check_person(person, path, errors, with_contact):
    if not is_name(person.get("name")):
        errors.append(path + ".name")
    age = person.get("age")
    if not (is_int(age) and 18 <= age <= 120):
        errors.append(path + ".age")
    if with_contact:
        if not is_email(person.get("email")):
            errors.append(path + ".email")
        income = person.get("income")
        if not (is_number(income) and income >= 0):
            errors.append(path + ".income")


def check_loan(loan, errors):
    amount = loan.get("amount")
    if not (is_number(amount) and amount > 0):
        errors.append("loan.amount")
    term = loan.get("term_months")
    if not (is_int(term) and term in TERMS):
        errors.append("loan.term_months")
    purpose = loan.get("purpose")
    if not (isinstance(purpose, str) and purpose in PURPOSES):
        errors.append("loan.purpose")


def validate_application(application):
    if not isinstance(application, dict):
        return ["application"]
    errors = []
    applicant = application.get("applicant")
    if isinstance(applicant, dict):
        check_person(applicant, "applicant", errors, with_contact=True)
    else:
        errors.append("applicant")
    loan = application.get("loan")
    if isinstance(loan, dict):
        check_loan(loan, errors)
    else:
        errors.append("loan")
    if "co_applicants" in application:
        people = application["co_applicants"]
        if not isinstance(people, list):
            errors.append("co_applicants")
        else:
            for i, person in enumerate(people):
                path = f"co_applicants[{i}]"
                if isinstance(person, dict):
                    check_person(person, path, errors, with_contact=False)
                else:
                    errors.append(path)
    if application.get("consent") is not True:
        errors.append("consent")
    return errors
