"""Login, logout, password change, language switch — in Vietnamese by default."""

from django.urls import reverse

from .world import PASSWORD, World


class AccountTests(World):
    def test_login_page_is_vietnamese(self):
        response = self.client.get(reverse("login"))
        self.assertContains(response, "Đăng nhập")
        self.assertContains(response, 'lang="vi"')

    def test_wrong_password_gets_vietnamese_message_and_keeps_username(self):
        response = self.client.post(reverse("login"), {"username": "cdcs_hoa", "password": "sai"})
        self.assertContains(response, "Tên đăng nhập hoặc mật khẩu không đúng")
        self.assertContains(response, 'value="cdcs_hoa"')

    def test_login_then_home_lists_my_units(self):
        response = self.client.post(
            reverse("login"), {"username": "cdcs_hoa", "password": PASSWORD}, follow=True
        )
        self.assertContains(response, "Công đoàn Trường Tiểu học Hòa Lạc")
        self.assertContains(response, "Chủ tịch CĐCS")

    def test_logout(self):
        self.login(self.cdcs_hoa)
        self.client.post(reverse("logout"))
        self.assertEqual(self.client.get(reverse("home")).status_code, 302)

    def test_password_change(self):
        self.login(self.cdcs_hoa)
        response = self.client.post(
            reverse("password_change"),
            {
                "old_password": PASSWORD,
                "new_password1": "Mat-khau-moi-2025",
                "new_password2": "Mat-khau-moi-2025",
            },
        )
        self.assertEqual(response.status_code, 302)
        self.cdcs_hoa.refresh_from_db()
        self.assertTrue(self.cdcs_hoa.check_password("Mat-khau-moi-2025"))

    def test_password_change_wrong_old_password(self):
        self.login(self.cdcs_hoa)
        response = self.client.post(
            reverse("password_change"),
            {
                "old_password": "sai",
                "new_password1": "Mat-khau-moi-2025",
                "new_password2": "Mat-khau-moi-2025",
            },
        )
        self.assertContains(response, "Mật khẩu hiện tại không đúng")

    def test_language_switch_to_english(self):
        self.login(self.cdcs_hoa)
        self.client.post(reverse("set_language"), {"language": "en", "next": "/"})
        response = self.client.get(reverse("home"))
        self.assertContains(response, 'lang="en"')
        self.assertContains(response, "My units")

    def test_unknown_page_is_a_vietnamese_404(self):
        self.login(self.cdcs_hoa)
        response = self.client.get("/khong-co-trang-nay/")
        self.assertEqual(response.status_code, 404)
        self.assertContains(response, "Không tìm thấy trang", status_code=404)


class LanguageDefaultTests(World):
    def test_english_browser_still_gets_vietnamese_until_the_switch(self):
        self.login(self.cdcs_hoa)
        response = self.client.get(reverse("home"), HTTP_ACCEPT_LANGUAGE="en-US,en;q=0.9")
        self.assertContains(response, 'lang="vi"')
        self.assertContains(response, "Đơn vị của tôi")
