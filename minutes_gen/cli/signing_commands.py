"""Commands about digital signatures: sign PDFs as ND30 lays the signatures out, verify them."""

from pathlib import Path

import click

from minutes_gen.cli.app import WritingCommand, cli
from minutes_gen.cli.options import grouped_options


def _source(**options):
    from minutes_gen.signing.keys import KeySource

    return KeySource(**options)


_key_source = grouped_options(  # where the key is, handed to the command as ``source`` (signing.keys.KeySource)
    "source", _source,
    click.option("--p12", type=click.Path(dir_okay=False, path_type=Path),
                 help="Tệp khóa PKCS#12 (.p12/.pfx); mật khẩu lấy từ biến môi trường MINUTES_GEN_P12_PASSWORD hoặc gõ."),
    click.option("--pkcs11-module", "module", type=click.Path(dir_okay=False, path_type=Path),
                 help="Thư viện PKCS#11 của thiết bị ký số (USB token); mã PIN lấy từ MINUTES_GEN_PIN hoặc gõ một lần."),
    click.option("--token", help="Nhãn thiết bị (token) PKCS#11."),
    click.option("--key", help="Nhãn khóa và chứng thư trên thiết bị."),
)


def _appearance_of(**options):
    from minutes_gen.signing.stamp import Appearance

    return Appearance(**options)


_appearance = grouped_options(  # what the signature shows, handed to ``sign`` as ``appearance`` (stamp.Appearance)
    "appearance", _appearance_of,
    click.option("--image", required=True, type=click.Path(dir_okay=False, path_type=Path),
                 help="Ảnh PNG nền trong suốt: chữ ký (màu xanh) với person, con dấu (màu đỏ) với agency."),
    click.option("--agency-name", help="Tên cơ quan in cạnh con dấu (với --as agency)."),
    click.option("--seal-mm", type=click.FloatRange(20, 60), default=36.0, show_default=True,
                 help="Đường kính thật của con dấu (mm)."))


def _one_role_request(role: str, source, appearance):
    """The ``SigningRequest`` of ``sign``'s one role, for the workers (paths as given, from here)."""
    from minutes_gen.signing.profile import AgencyKey, PersonKey, SigningProfile, SigningRequest

    def text(path):
        return None if path is None else str(Path(path).resolve())

    place = dict(image=text(appearance.image), p12=text(source.p12), pkcs11_module=text(source.module),
                 token=source.token, key=source.key)
    key = AgencyKey(**place, name=appearance.agency_name, seal_mm=appearance.seal_mm) if role == "agency" else PersonKey(**place)
    return SigningRequest((role,), SigningProfile(**{role: key}), Path.cwd())


@cli.command(cls=WritingCommand)
@click.argument("files", nargs=-1, required=True, type=click.Path(dir_okay=False, path_type=Path))
@click.option("--as", "role", required=True, type=click.Choice(["person", "agency"]),
              help="person: chữ ký của người có thẩm quyền (ký trước); agency: chữ ký (con dấu) của cơ quan (ký sau).")
@click.option("--name", required=True, help="Họ tên người ký đúng như in trong văn bản (để tìm chỗ ký).")
@_appearance
@_key_source
@click.option("--force", is_flag=True, help="Ký cả tệp đã có chữ ký loại này (hoặc chưa có chữ ký cá nhân), "
                                            "hay ký bằng chứng thư đã hết hạn (có cảnh báo).")
@click.option("--jobs", "-j", type=click.IntRange(min=1), default=None,
              help="Số tiến trình ký song song (mặc định: theo số lõi máy khi có từ 200 tệp và máy rảnh; "
                   "ít tệp hơn, hoặc máy đang bận, thì ký trong một tiến trình vì nhanh hơn).")
def sign(files, role, name, appearance, source, force, jobs):
    """Ký số các tệp PDF (PAdES), mỗi chữ ký một lần cập nhật nối tiếp, hình ảnh đặt theo Nghị định 30."""
    from minutes_gen.cli.options import progress_shown
    from minutes_gen.errors import InputError, Problem
    from minutes_gen.signing.batch import ROLE_WORDS
    from minutes_gen.signing.keys import opened_signer
    from minutes_gen.signing.run import sign_files
    from minutes_gen.engine.workers import default_jobs
    from minutes_gen.signing.keys import key_secret
    from minutes_gen.signing.stamp import prepare_stamp
    from minutes_gen.signing.workers import sign_in_workers, workers_pay

    if not appearance.image.is_file():
        raise InputError([Problem(str(appearance.image), "không tìm thấy ảnh chữ ký / con dấu")])
    if role == "agency" and not appearance.agency_name:
        raise InputError([Problem("--agency-name", "ký với tư cách cơ quan cần tên cơ quan in cạnh con dấu")])

    source.check()
    secret = key_secret(source)
    # --jobs given: that many workers; else as many as cores where they pay (many files, cores free)
    in_workers = jobs > 1 and len(files) > 1 if jobs else workers_pay(len(files), default_jobs())
    with opened_signer(source, force, secret) as signer, progress_shown() as bars:
        stamp = prepare_stamp(role, signer, appearance)
        if in_workers:  # each worker opens the key itself, with the secret typed once
            request = _one_role_request(role, source, appearance)
            results = sign_in_workers(list(files), request, {role: secret}, name, force, jobs or default_jobs(), bars,
                                      resign=force)
        else:
            results = sign_files(list(files), [stamp], name, force, bars)
    failed = {path: text for path, (_, text) in results.items() if text}
    for path, text in failed.items():
        click.echo(f"Lỗi: {path}: {text}", err=True)
    click.echo(f"Đã ký {len(results) - len(failed)}/{len(results)} tệp ({ROLE_WORDS[role]}).")
    if failed:
        raise SystemExit(1)


@cli.command()
@click.argument("files", nargs=-1, required=True, type=click.Path(dir_okay=False, path_type=Path))
@click.option("--trust", multiple=True, type=click.Path(dir_okay=False, path_type=Path),
              help="Chứng thư gốc tin cậy (PEM/DER); ghi nhiều lần được. Không ghi: không kiểm tra độ tin cậy.")
def verify(files, trust):
    """Kiểm tra chữ ký số trong các tệp PDF: ai ký, lúc nào, tệp có bị sửa sau khi ký, chứng thư có hợp lệ và tin cậy không."""
    from minutes_gen.errors import Problem, show_warnings
    from minutes_gen.signing.verify import load_roots, verify_pdf

    roots = load_roots(list(trust))
    all_good = True
    for path in files:
        verdict = verify_pdf(path, roots)
        if verdict.active:
            show_warnings([Problem(str(path), f"tệp có {', '.join(verdict.active)}: trình đọc PDF có thể tự chạy "
                                              f"những thứ này; văn bản hành chính không cần chúng, hãy hỏi lại nơi "
                                              f"gửi trước khi mở tệp")])
        if not verdict.signatures:
            click.echo(f"{path}: không có chữ ký số nào.")
            all_good = False
            continue
        for number, report in enumerate(verdict.signatures, start=1):
            click.echo(f"{path}: chữ ký {number} ({report.field}) của {report.signer}, lúc {report.signed_at}: "
                       f"{report.verdict}.")
            all_good = all_good and report.good
    raise SystemExit(0 if all_good else 1)
