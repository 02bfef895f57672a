def handle(work):
    try:
        work()
    except* ValueError as group:
        print("values", group.exceptions)
    except* (TypeError, KeyError):
        for attempt in range(3):
            if attempt:
                break
    else:
        print("no errors")
